import { relu } from '../../functional/relu';
import { defineOp, floatInput, inLayout, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'relu',
  cases(rng: Rng): OpCase[] {
    // Values kept 0.05 away from the kink at 0, where the derivative jumps.
    const shapes = [[1, 1, 1, 1], [2, 3, 5, 7], [3, 17], [rng.int(1, 3), rng.int(1, 5), rng.int(1, 9), rng.int(1, 9)]];
    const plain: OpCase[] = shapes.map((shape) => ({
      name: `[${shape.join(',')}]`,
      inputs: [floatInput(rng, shape, { gap: 0.05 })],
      run: (x) => relu(x),
      atol: 0,
      rtol: 1e-6, // exact up to rounding the reference data to float32
    }));
    // Elementwise over the physical buffer of a blocked tensor (padding lanes included); the
    // upstream gradient arrives plain and is brought to y's layout.
    const blocked: OpCase[] = (['nChw16c', 'nChw8c'] as const).map((layout) => ({
      name: `[2,3,4,5] in ${layout}`,
      inputs: [floatInput(rng, [2, 3, 4, 5], { gap: 0.05 })],
      run: (x) => relu(inLayout(x, layout)),
      atol: 0,
      rtol: 1e-6,
    }));
    return [...plain, ...blocked];
  },
});
