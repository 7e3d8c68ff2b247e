import { globalAvgPool2d } from '../../functional/global_avg_pool2d';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'globalAvgPool2d',
  cases(rng: Rng): OpCase[] {
    const shapes = [[2, 3, 5, 7], [1, 1, 1, 1], [4, 2, 1, 3], [1, 5, 8, 8], [rng.int(1, 3), rng.int(1, 4), rng.int(1, 7), rng.int(1, 7)]];
    return shapes.map((shape) => ({
      name: `[${shape.join(',')}]`,
      inputs: [floatInput(rng, shape)],
      run: (x) => globalAvgPool2d(x),
      // A mean of float32 values (summed in double by the fast kernels): only the inputs' rounding.
      atol: 1e-6,
      rtol: 1e-5,
    }));
  },
});
