import { where } from '../../functional/where';
import { gt } from '../../functional/comparison';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

// where with all three operands broadcast; cond from a comparison of a non-differentiated input
// (kept away from 0 so the branch taken is the same in float32 and float64). Exact selection.
export default defineOp({
  op: 'where',
  cases(rng: Rng): OpCase[] {
    const cond = (shape: number[]) => floatInput(rng, shape, { gap: 0.05, grad: false });
    return [
      { name: 'cond [3,1], a [1,4], b [3,4]', inputs: [cond([3, 1]), floatInput(rng, [1, 4]), floatInput(rng, [3, 4])],
        run: (c, a, b) => where(gt(c, 0), a, b), atol: 1e-6, rtol: 1e-6 },
      { name: 'cond [2,3], a [2,3], b 0 (number)', inputs: [cond([2, 3]), floatInput(rng, [2, 3])],
        run: (c, a) => where(gt(c, 0), a, 0), atol: 0, rtol: 1e-6 },
      { name: 'cond [], a [5], b [] (0-d)', inputs: [cond([]), floatInput(rng, [5]), floatInput(rng, [])],
        run: (c, a, b) => where(gt(c, 0), a, b), atol: 1e-6, rtol: 1e-6 },
    ];
  },
});
