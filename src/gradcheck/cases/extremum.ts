import { max, maxWithIndices, min } from '../../functional/extremum';
import { logsumexp } from '../../functional/logsumexp';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

// The extremum family (max, min; argmax and argmin share its forward): one dim, several, all, a
// kept inner dim (the column path), size-1 and 0-d inputs. Random values: ties have probability 0,
// so the finite differences never cross a switch of the maximum. The values are copies: exact.
export default defineOp({
  op: 'extremum',
  cases(rng: Rng): OpCase[] {
    const c = (name: string, shape: number[], run: OpCase['run']): OpCase => ({ name, inputs: [floatInput(rng, shape)], run, atol: 0, rtol: 1e-6 });
    return [
      c('max [3,5] dim 1', [3, 5], (x) => max(x, { dim: 1 })),
      c('min [4,3] dim 0 keepDim (inner kept)', [4, 3], (x) => min(x, { dim: 0, keepDim: true })),
      c('max [2,3,4] all dims', [2, 3, 4], (x) => max(x)),
      c('maxWithIndices [2,3,4] dims [0,2]', [2, 3, 4], (x) => maxWithIndices(x, { dim: [0, 2] }).values),
      c('min [5,1,301] dim -1', [5, 1, 301], (x) => min(x, { dim: -1 })),
      c('max [1] and 0-d', [1], (x) => max(x.reshape([]))),
      // logsumexp, composed from max, sub, exp, sum, log and add.
      { name: 'logsumexp [3,7] dim 1', inputs: [floatInput(rng, [3, 7], { low: -5, high: 5 })], run: (x) => logsumexp(x, { dim: 1 }), atol: 2e-6, rtol: 2e-6 },
    ];
  },
});
