import { relu } from '../../functional/relu';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'relu',
  cases(rng: Rng): OpCase[] {
    // Values kept 0.05 away from the kink at 0, where the derivative jumps.
    const shapes = [[1, 1, 1, 1], [2, 3, 5, 7], [3, 17], [rng.int(1, 3), rng.int(1, 5), rng.int(1, 9), rng.int(1, 9)]];
    return shapes.map((shape) => ({
      name: `[${shape.join(',')}]`,
      inputs: [floatInput(rng, shape, { gap: 0.05 })],
      run: (x) => relu(x),
      atol: 0,
      rtol: 1e-6, // exact up to rounding the reference data to float32
    }));
  },
});
