import { addRelu } from '../../functional/add_relu';
import type { Layout } from '../../native';
import { CaseInput, defineOp, floatInput, inLayout, OpCase } from '../cases';
import { Rng } from '../rng';

/** a and b with every sum a + b at least 0.05 away from the ReLU's kink at 0. */
function operands(rng: Rng, shape: number[], gradB = true): [CaseInput, CaseInput] {
  const a = floatInput(rng, shape);
  const b = floatInput(rng, shape, { grad: gradB });
  for (let i = 0; i < a.data.length; i++) {
    const s = a.data[i] + b.data[i];
    if (Math.abs(s) < 0.05) b.data[i] += s < 0 ? -0.1 : 0.1;
  }
  return [a, b];
}

export default defineOp({
  op: 'addRelu',
  cases(rng: Rng): OpCase[] {
    const make = (name: string, shape: number[], layouts: [Layout, Layout] = ['plain', 'plain'], gradB = true): OpCase => ({
      name,
      inputs: operands(rng, shape, gradB),
      run: (a, b) => addRelu(inLayout(a, layouts[0]), inLayout(b, layouts[1])),
      // One float32 addition: the inputs' rounding and the sum's (about 1e-7 relative).
      atol: 1e-6,
      rtol: 1e-6,
    });
    return [
      make('[2,3,5,7]', [2, 3, 5, 7]),
      make('[1]', [1]),
      make('[3,17], b without grad', [3, 17], ['plain', 'plain'], false),
      make('N = 1, C = 1, 1x1', [1, 1, 1, 1]),
      make('a nChw16c, b plain (brought to a\'s layout), [2,3,4,5]', [2, 3, 4, 5], ['nChw16c', 'plain']),
      make('a plain, b nChw8c, [2,10,3,3]', [2, 10, 3, 3], ['plain', 'nChw8c']),
      make('both nChw16c, [2,20,2,3]', [2, 20, 2, 3], ['nChw16c', 'nChw16c']),
      make('channels_last, [2,5,3,2]', [2, 5, 3, 2], ['channels_last', 'channels_last']),
    ];
  },
});
