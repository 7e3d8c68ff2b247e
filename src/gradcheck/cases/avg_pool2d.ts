import { avgPool2d, AvgPool2dOptions } from '../../functional/avg_pool2d';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'avgPool2d',
  cases(rng: Rng): OpCase[] {
    const specs: [string, number[], AvgPool2dOptions][] = [
      ['3x3, stride 2, padding 1, padding counted, [2,3,7,9]', [2, 3, 7, 9], { kernelSize: 3, stride: 2, padding: 1 }],
      ['3x3, stride 2, padding 1, padding not counted, [2,3,7,9]', [2, 3, 7, 9], { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }],
      ['1x1 kernel on a 1x1 map, N = 1, C = 1', [1, 1, 1, 1], { kernelSize: 1 }],
      ['2x2, ceil mode (last window half outside), [2,2,5,5]', [2, 2, 5, 5], { kernelSize: 2, ceilMode: true }],
      ['3x3, stride 2, padding 1, ceil mode, padding counted, [1,2,6,6]', [1, 2, 6, 6], { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }],
      ['non-square 3x2, stride [2,1], padding [1,1], ceil mode, padding not counted, [1,2,6,7]', [1, 2, 6, 7],
        { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true, countIncludePad: false }],
      ['2x2, stride 3 (gaps between windows), [2,2,8,8]', [2, 2, 8, 8], { kernelSize: 2, stride: 3 }],
      ['kernel as large as the map, [3,1,4,4]', [3, 1, 4, 4], { kernelSize: 4 }],
    ];
    const random = [rng.int(1, 3), rng.int(1, 4), rng.int(3, 9), rng.int(3, 9)];
    specs.push([`3x3, stride 2, padding 1, random [${random.join(',')}]`, random, { kernelSize: 3, stride: 2, padding: 1 }]);
    // Planes over 64 x 64 take the CPU kernels' row-by-row path: parity only (too large for
    // finite differences).
    const large: [string, number[], AvgPool2dOptions] = ['large planes, 3x3, stride 2, padding 1, ceil mode, not counting padding, [1,2,67,70]',
      [1, 2, 67, 70], { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }];
    specs.push(large);
    return specs.map(([name, shape, opts]) => ({
      name,
      inputs: [floatInput(rng, shape)],
      run: (x) => avgPool2d(x, opts),
      skipGradcheck: shape === large[1],
      // Sums of at most 9 float32 values (each within 6e-8 relative) and one division.
      atol: 1e-6,
      rtol: 1e-5,
    }));
  },
});
