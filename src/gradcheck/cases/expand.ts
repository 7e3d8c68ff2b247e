import { expand } from '../../functional/expand';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'expand',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], to: number[]): OpCase => ({
      name: `[${shape.join(',')}] to [${to.join(',')}]`,
      inputs: [floatInput(rng, shape)],
      run: (x) => expand(x, to),
      // The forward copies; the backward sums up to 12 repeats in float32.
      atol: 1e-6,
      rtol: 1e-5,
    });
    return [
      make([3], [4, 3]),
      make([2, 1], [2, 5]),
      make([1, 3, 1], [2, 3, 4]),
      make([3, 1], [2, -1, 6]),
      make([2, 3], [2, 3]),
      make([1], [0]),
      make([1, 1], [3, 1, 2]),
    ];
  },
});
