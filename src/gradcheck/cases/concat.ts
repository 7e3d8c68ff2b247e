import { concat } from '../../functional/concat';
import { CaseInput, defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'concat',
  cases(rng: Rng): OpCase[] {
    const make = (name: string, inputs: CaseInput[], dim?: number): OpCase => ({
      name,
      inputs,
      run: (...xs) => concat(xs, dim),
      // A copy: exact up to the float32 rounding of the data.
      atol: 0,
      rtol: 1e-7,
    });
    const f = (shape: number[], grad = true) => floatInput(rng, shape, { grad });
    return [
      make('one input [2,3,4,5]', [f([2, 3, 4, 5])]),
      make('channels 1 + 4, [2,*,3,3]', [f([2, 1, 3, 3]), f([2, 4, 3, 3])]),
      make('channels 3 + 2 + 5, middle one without grad', [f([2, 3, 2, 5]), f([2, 2, 2, 5], false), f([2, 5, 2, 5])]),
      make('four inputs, channels 2, 1, 3, 7, N = 1, 1x1 maps', [f([1, 2, 1, 1]), f([1, 1, 1, 1]), f([1, 3, 1, 1]), f([1, 7, 1, 1])]),
      make('dim 0: [1,3] + [2,3] + [4,3]', [f([1, 3]), f([2, 3]), f([4, 3])], 0),
      make('dim 2 of [2,3,*,4]', [f([2, 3, 1, 4]), f([2, 3, 3, 4])], 2),
      make('dim -1: [3,2] + [3,5], first without grad', [f([3, 2], false), f([3, 5])], -1),
      make('1-d [1] + [1]', [f([1]), f([1])], 0),
    ];
  },
});
