import { add } from '../../functional/add';
import { CaseInput, defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'add',
  cases(rng: Rng): OpCase[] {
    const make = (name: string, a: CaseInput, b: CaseInput): OpCase => ({
      name,
      inputs: [a, b],
      run: (x, y) => add(x, y),
      // Only float32 rounding of the inputs (6e-8 relative each); db sums up to N*H*W of them.
      atol: 1e-5,
      rtol: 1e-6,
    });
    return [
      make('same shape [2,3,5,7]', floatInput(rng, [2, 3, 5, 7]), floatInput(rng, [2, 3, 5, 7])),
      make('same shape [1]', floatInput(rng, [1]), floatInput(rng, [1])),
      make('same shape [3,17], b without grad', floatInput(rng, [3, 17]), floatInput(rng, [3, 17], { grad: false })),
      make('[2,3,4,5] + [1,3,1,1]', floatInput(rng, [2, 3, 4, 5]), floatInput(rng, [1, 3, 1, 1])),
      make('[3,5,3,7] + [3,5,1,1]', floatInput(rng, [3, 5, 3, 7]), floatInput(rng, [3, 5, 1, 1])),
      make('N = 1: [1,4,3,3] + [1,4,1,1]', floatInput(rng, [1, 4, 3, 3]), floatInput(rng, [1, 4, 1, 1])),
      make('1x1 maps: [3,5,1,1] + [1,5,1,1]', floatInput(rng, [3, 5, 1, 1]), floatInput(rng, [1, 5, 1, 1])),
      make('C = 1: [2,1,5,3] + [2,1,1,1], a without grad', floatInput(rng, [2, 1, 5, 3], { grad: false }),
        floatInput(rng, [2, 1, 1, 1])),
    ];
  },
});
