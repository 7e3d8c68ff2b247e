import { mul } from '../../functional/mul';
import { CaseInput, defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'mul',
  cases(rng: Rng): OpCase[] {
    const make = (name: string, a: CaseInput, b: CaseInput): OpCase => ({
      name,
      inputs: [a, b],
      run: (x, y) => mul(x, y),
      // float32 rounding of the inputs and one product per term (about 2e-7 relative each); db
      // sums up to N*H*W such terms (values below 1), hence the absolute term.
      atol: 1e-5,
      rtol: 1e-5,
    });
    return [
      make('same shape [2,3,5,7]', floatInput(rng, [2, 3, 5, 7]), floatInput(rng, [2, 3, 5, 7])),
      make('same shape [1]', floatInput(rng, [1]), floatInput(rng, [1])),
      make('same shape [3,17], a without grad', floatInput(rng, [3, 17], { grad: false }), floatInput(rng, [3, 17])),
      make('[2,3,4,5] * [1,3,1,1]', floatInput(rng, [2, 3, 4, 5]), floatInput(rng, [1, 3, 1, 1])),
      make('SE: [3,5,3,7] * [3,5,1,1]', floatInput(rng, [3, 5, 3, 7]), floatInput(rng, [3, 5, 1, 1])),
      make('N = 1: [1,4,3,3] * [1,4,1,1]', floatInput(rng, [1, 4, 3, 3]), floatInput(rng, [1, 4, 1, 1])),
      make('1x1 maps: [3,5,1,1] * [1,5,1,1]', floatInput(rng, [3, 5, 1, 1]), floatInput(rng, [1, 5, 1, 1])),
      make('C = 1: [2,1,5,3] * [2,1,1,1], b without grad', floatInput(rng, [2, 1, 5, 3]),
        floatInput(rng, [2, 1, 1, 1], { grad: false })),
    ];
  },
});
