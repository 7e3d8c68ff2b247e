import { add } from '../../functional/add';
import { CaseInput, defineOp, floatInput, inLayout, OpCase } from '../cases';
import type { Layout } from '../../native';
import { Rng } from '../rng';

export default defineOp({
  op: 'add',
  cases(rng: Rng): OpCase[] {
    const make = (name: string, a: CaseInput, b: CaseInput, layouts: [Layout, Layout] = ['plain', 'plain']): OpCase => ({
      name,
      inputs: [a, b],
      run: (x, y) => add(inLayout(x, layouts[0]), inLayout(y, layouts[1])),
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
      // a blocked: a same-shape b is brought to a's layout; a broadcast b is read per lane.
      make('a nChw16c + b plain, same shape [2,3,4,5]', floatInput(rng, [2, 3, 4, 5]), floatInput(rng, [2, 3, 4, 5]),
        ['nChw16c', 'plain']),
      make('a plain + b nChw8c, same shape [2,10,3,3]', floatInput(rng, [2, 10, 3, 3]), floatInput(rng, [2, 10, 3, 3]),
        ['plain', 'nChw8c']),
      make('a nChw8c + [1,10,1,1]', floatInput(rng, [2, 10, 3, 3]), floatInput(rng, [1, 10, 1, 1]), ['nChw8c', 'plain']),
      make('a channels_last + [2,5,1,1]', floatInput(rng, [2, 5, 3, 4]), floatInput(rng, [2, 5, 1, 1]), ['channels_last', 'plain']),
    ];
  },
});
