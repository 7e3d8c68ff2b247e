import { mul } from '../../functional/mul';
import { CaseInput, defineOp, floatInput, inLayout, OpCase } from '../cases';
import type { Layout } from '../../native';
import { Rng } from '../rng';

export default defineOp({
  op: 'mul',
  cases(rng: Rng): OpCase[] {
    const make = (name: string, a: CaseInput, b: CaseInput, layouts: [Layout, Layout] = ['plain', 'plain']): OpCase => ({
      name,
      inputs: [a, b],
      run: (x, y) => mul(inLayout(x, layouts[0]), inLayout(y, layouts[1])),
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
      // a blocked: a same-shape b is brought to a's layout; a broadcast b is read per lane (SE on
      // blocked activations), padding lanes included.
      make('a nChw16c * b nChw8c, same shape [2,3,4,5]', floatInput(rng, [2, 3, 4, 5]), floatInput(rng, [2, 3, 4, 5]),
        ['nChw16c', 'nChw8c']),
      make('SE on nChw16c: [2,20,3,3] * [2,20,1,1]', floatInput(rng, [2, 20, 3, 3]), floatInput(rng, [2, 20, 1, 1]),
        ['nChw16c', 'plain']),
      make('nChw8c: [3,5,2,3] * [1,5,1,1]', floatInput(rng, [3, 5, 2, 3]), floatInput(rng, [1, 5, 1, 1]), ['nChw8c', 'plain']),
      make('channels_last: [2,6,3,2] * [2,6,1,1]', floatInput(rng, [2, 6, 3, 2]), floatInput(rng, [2, 6, 1, 1]),
        ['channels_last', 'plain']),
    ];
  },
});
