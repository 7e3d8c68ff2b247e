import { globalAvgPool2d } from '../../functional/global_avg_pool2d';
import { defineOp, floatInput, inLayout, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'globalAvgPool2d',
  cases(rng: Rng): OpCase[] {
    const shapes = [[2, 3, 5, 7], [1, 1, 1, 1], [4, 2, 1, 3], [1, 5, 8, 8], [rng.int(1, 3), rng.int(1, 4), rng.int(1, 7), rng.int(1, 7)]];
    // A mean of float32 values (summed in double by the fast kernels): only the inputs' rounding.
    const atol = 1e-6, rtol = 1e-5;
    const plain: OpCase[] = shapes.map((shape) => ({
      name: `[${shape.join(',')}]`,
      inputs: [floatInput(rng, shape)],
      run: (x) => globalAvgPool2d(x),
      atol,
      rtol,
    }));
    // Blocked and channels-last inputs are pooled per lane; the gradient comes back in x's layout.
    const layouts: [string, number[], 'nChw16c' | 'nChw8c' | 'channels_last'][] = [
      ['nChw16c, C = 3 (padding lanes)', [2, 3, 5, 7], 'nChw16c'],
      ['nChw8c, C = 10 (two blocks)', [2, 10, 3, 3], 'nChw8c'],
      ['channels_last', [3, 4, 2, 5], 'channels_last'],
    ];
    const other: OpCase[] = layouts.map(([name, shape, layout]) => ({
      name: `[${shape.join(',')}] ${name}`,
      inputs: [floatInput(rng, shape)],
      run: (x) => globalAvgPool2d(inLayout(x, layout)),
      atol,
      rtol,
    }));
    return [...plain, ...other];
  },
});
