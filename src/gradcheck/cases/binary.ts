import { add } from '../../functional/add';
import { mul } from '../../functional/mul';
import { div, maximum, minimum, pow, sub } from '../../functional/binary';
import { eq, ge, gt, le, lt, ne } from '../../functional/comparison';
import { where } from '../../functional/where';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';
import type { Tensor } from '../../tensor';

// The binary family (binaryForward): every arithmetic op on broadcasting shapes (size-1 dims,
// missing leading dims, 0-d and empty operands, numbers), and the comparisons through where (their
// bool output has no gradient of its own). Float32 parity: one rounding per op and the reference
// data's float32 rounding (about 2e-7 relative); broadcast gradients add up to a dozen such terms.
export default defineOp({
  op: 'binary',
  cases(rng: Rng): OpCase[] {
    const tol = { atol: 1e-5, rtol: 1e-5 };
    const positive = (shape: number[]) => floatInput(rng, shape, { low: 0.5, high: 2 });
    const c = (name: string, inputs: OpCase['inputs'], run: (...xs: Tensor[]) => Tensor): OpCase => ({ name, inputs, run, ...tol });
    return [
      c('add [2,3] + [3] (a [4] b would not broadcast)', [floatInput(rng, [2, 3]), floatInput(rng, [3])], (a, b) => add(a, b)),
      c('add [0,3] + [3] (empty)', [floatInput(rng, [0, 3]), floatInput(rng, [3])], (a, b) => add(a, b)),
      c('add [2,3] + 1.5 (number)', [floatInput(rng, [2, 3])], (a) => add(a, 1.5)),
      c('sub [4,1,3] - [2,1] -> [4,2,3]', [floatInput(rng, [4, 1, 3]), floatInput(rng, [2, 1])], (a, b) => sub(a, b)),
      c('sub 2 - [5] (number first)', [floatInput(rng, [5])], (b) => sub(2, b)),
      c('mul [] * [2,3] (0-d)', [floatInput(rng, []), floatInput(rng, [2, 3])], (a, b) => mul(a, b)),
      c('mul [3,1,5] * [1,4,1]', [floatInput(rng, [3, 1, 5]), floatInput(rng, [1, 4, 1])], (a, b) => mul(a, b)),
      c('div [3,4] / [1]', [floatInput(rng, [3, 4]), positive([1])], (a, b) => div(a, b)),
      c('div [2,1] / [2,5]', [floatInput(rng, [2, 1]), positive([2, 5])], (a, b) => div(a, b)),
      c('pow [2,3] ** [3]', [positive([2, 3]), floatInput(rng, [3])], (a, b) => pow(a, b)),
      c('pow [7] ** 2 (number)', [floatInput(rng, [7])], (a) => pow(a, 2)),
      c('maximum [5] vs [5]', [floatInput(rng, [5]), floatInput(rng, [5])], (a, b) => maximum(a, b)),
      c('minimum [2,1,4] vs [3,1]', [floatInput(rng, [2, 1, 4]), floatInput(rng, [3, 1])], (a, b) => minimum(a, b)),
      c('maximum [1,6] vs 0 (number)', [floatInput(rng, [1, 6], { gap: 0.05 })], (a) => maximum(a, 0)),
      // Comparisons pick the branch of where; values away from the compared ones, so no tie flips.
      ...([['eq', eq], ['ne', ne], ['lt', lt], ['le', le], ['gt', gt], ['ge', ge]] as const).map(([name, cmp]) =>
        c(`${name} [3,4] against [4] through where`, [floatInput(rng, [3, 4], { gap: 0.05 }), floatInput(rng, [4], { gap: 0.05 })],
          (a, b) => where(cmp(a, name === 'eq' || name === 'ne' ? a : 0), a, b))),
    ];
  },
});
