import { squeeze, unsqueeze, cat, stack, split, chunk } from '../../functional/shape';
import { mul } from '../../functional/mul';
import { defineOp, floatInput } from '../cases';
import { Tensor } from '../../tensor';

// Copies and reshapes: float32 must match the reference up to the rounding of the inputs.
const exact = { atol: 1e-7, rtol: 1e-6 };

/** The pieces of a split joined again, every other one squared, so that a piece sent to the wrong place shows in the gradient. */
function weighted(pieces: Tensor[], dim: number): Tensor {
  return cat(pieces.map((p, i) => (i % 2 === 0 ? p : mul(p, p))), dim);
}

defineOp({
  op: 'squeeze',
  cases: (rng) => [
    { name: '[1,3,1,2] all', inputs: [floatInput(rng, [1, 3, 1, 2])], run: (x) => squeeze(x), ...exact },
    { name: '[1,3,1,2] dim 2', inputs: [floatInput(rng, [1, 3, 1, 2])], run: (x) => squeeze(x, 2), ...exact },
    { name: '[2,3] dim 1 (not size 1: unchanged)', inputs: [floatInput(rng, [2, 3])], run: (x) => squeeze(x, 1), ...exact },
  ],
});

defineOp({
  op: 'unsqueeze',
  cases: (rng) => [
    { name: '[2,3] dim 0', inputs: [floatInput(rng, [2, 3])], run: (x) => unsqueeze(x, 0), ...exact },
    { name: '[2,3] dim -1', inputs: [floatInput(rng, [2, 3])], run: (x) => unsqueeze(x, -1), ...exact },
  ],
});

defineOp({
  op: 'cat',
  cases: (rng) => [
    { name: '[2,3] and [1,3] dim 0', inputs: [floatInput(rng, [2, 3]), floatInput(rng, [1, 3])], run: (a, b) => cat([a, b]), ...exact },
    { name: '[2,3] and [2,0] and [2,2] dim -1', inputs: [floatInput(rng, [2, 3]), floatInput(rng, [2, 0]), floatInput(rng, [2, 2])], run: (a, b, c) => cat([a, b, c], -1), ...exact },
  ],
});

defineOp({
  op: 'stack',
  cases: (rng) => [
    { name: 'two [2,3] at dim 0', inputs: [floatInput(rng, [2, 3]), floatInput(rng, [2, 3])], run: (a, b) => stack([a, b]), ...exact },
    { name: 'three [4] at dim 1', inputs: [floatInput(rng, [4]), floatInput(rng, [4]), floatInput(rng, [4])], run: (a, b, c) => stack([a, b, c], 1), ...exact },
  ],
});

defineOp({
  op: 'split',
  cases: (rng) => [
    { name: '[7,2] into 3s along dim 0', inputs: [floatInput(rng, [7, 2])], run: (x) => weighted(split(x, 3), 0), atol: 1e-6, rtol: 1e-5 },
    { name: '[2,6] into [1,0,5] along dim 1', inputs: [floatInput(rng, [2, 6])], run: (x) => weighted(split(x, [1, 0, 5], 1), 1), atol: 1e-6, rtol: 1e-5 },
  ],
});

defineOp({
  op: 'chunk',
  cases: (rng) => [
    { name: '[5,3] in 2 chunks', inputs: [floatInput(rng, [5, 3])], run: (x) => weighted(chunk(x, 2), 0), atol: 1e-6, rtol: 1e-5 },
    { name: '[2,3] in 4 chunks along dim 1 (3 pieces)', inputs: [floatInput(rng, [2, 3])], run: (x) => weighted(chunk(x, 4, 1), 1), atol: 1e-6, rtol: 1e-5 },
  ],
});
