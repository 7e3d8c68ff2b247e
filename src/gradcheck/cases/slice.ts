import { slice } from '../../functional/slice';
import { index } from '../../functional/indexing';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

// A copy: float32 must match the reference up to the float32 rounding of the inputs.
const exact = { atol: 1e-7, rtol: 1e-6 };

export default defineOp({
  op: 'slice',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], dim: number, start: number | null, end: number | null, step: number): OpCase => ({
      name: `[${shape.join(',')}] dim ${dim}, ${start ?? ''}:${end ?? ''}:${step}`,
      inputs: [floatInput(rng, shape)],
      run: (x) => slice(x, dim, start, end, step),
      ...exact,
    });
    return [
      make([7], 0, 1, 6, 2),
      make([3, 5], 1, null, null, 1),
      make([4, 6, 3], 1, -4, null, 3),
      make([5, 2], 0, 2, 2, 1),
      make([3, 1, 4], -1, 1, 100, 2),
      make([0, 3], 1, 0, 2, 1),
      make([9, 2], 0, -100, -1, 4),
    ];
  },
});

defineOp({
  op: 'index',
  cases(rng: Rng): OpCase[] {
    return [
      { name: '[4,6,3] by [null, [0, 5, 2], 1]', inputs: [floatInput(rng, [4, 6, 3])], run: (x) => index(x, [null, [0, 5, 2], 1]), ...exact },
      { name: '[5,2] by [-1]', inputs: [floatInput(rng, [5, 2])], run: (x) => index(x, [-1]), ...exact },
      { name: '[3,4] by [[1], [null, null, 3]]', inputs: [floatInput(rng, [3, 4])], run: (x) => index(x, [[1], [null, null, 3]]), ...exact },
      { name: '[2,3] by [] (a copy of the whole)', inputs: [floatInput(rng, [2, 3])], run: (x) => index(x, []), ...exact },
    ];
  },
});
