import { std, variance } from '../../functional/variance';
import { norm } from '../../functional/norm';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

// The composed reductions: variance and std (with correction), norm (p = 2, 1, Infinity). Float32
// parity: the sums run in double; mean, square and division each round once (a few e-7).
export default defineOp({
  op: 'variance',
  cases(rng: Rng): OpCase[] {
    const tol = { atol: 5e-6, rtol: 5e-6 };
    return [
      { name: 'variance [4,6] dim 1', inputs: [floatInput(rng, [4, 6])], run: (x) => variance(x, { dim: 1 }), ...tol },
      { name: 'variance [3,2,5] dims [0,2] correction 0 keepDim', inputs: [floatInput(rng, [3, 2, 5])], run: (x) => variance(x, { dim: [0, 2], correction: 0, keepDim: true }), ...tol },
      { name: 'std [7] all', inputs: [floatInput(rng, [7])], run: (x) => std(x), ...tol },
      { name: 'norm [3,4] p 2 dim 1', inputs: [floatInput(rng, [3, 4], { gap: 0.05 })], run: (x) => norm(x, { dim: 1 }), ...tol },
      { name: 'norm [5] p 1', inputs: [floatInput(rng, [5], { gap: 0.05 })], run: (x) => norm(x, { p: 1 }), ...tol },
      { name: 'norm [2,3] p Infinity dim 0', inputs: [floatInput(rng, [2, 3], { gap: 0.05 })], run: (x) => norm(x, { p: Infinity, dim: 0 }), ...tol },
    ];
  },
});
