import { maxPool2d, MaxPool2dOptions } from '../../functional/max_pool2d';
import { CaseInput, defineOp, OpCase } from '../cases';
import { Rng } from '../rng';

/**
 * Distinct values spread evenly over [-1, 1] in random order: every window's maximum beats the
 * runner-up by 2 / n (>= 1e-3 here), far more than the finite-difference step (1e-6) and float32's
 * rounding, so no check ever crosses a tie.
 */
export function distinctInput(rng: Rng, shape: number[]): CaseInput {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / Math.max(1, n - 1));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return { shape, data: values, grad: true };
}

export default defineOp({
  op: 'maxPool2d',
  cases(rng: Rng): OpCase[] {
    const specs: [string, number[], MaxPool2dOptions][] = [
      ['3x3, stride 2, padding 1 (overlapping windows), [2,3,7,9]', [2, 3, 7, 9], { kernelSize: 3, stride: 2, padding: 1 }],
      ['1x1 kernel on a 1x1 map, N = 1, C = 1', [1, 1, 1, 1], { kernelSize: 1 }],
      ['2x2, stride 2, ceil mode (last window half outside), [2,2,5,5]', [2, 2, 5, 5], { kernelSize: 2, ceilMode: true }],
      ['3x3, stride 2, padding 1, ceil mode, [1,2,6,6]', [1, 2, 6, 6], { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }],
      ['non-square 3x2 kernel, stride [1,2], padding [1,0], [1,3,6,7]', [1, 3, 6, 7], { kernelSize: [3, 2], stride: [1, 2], padding: [1, 0] }],
      ['2x2, stride 3 (gaps between windows), [2,2,8,8]', [2, 2, 8, 8], { kernelSize: 2, stride: 3 }],
      ['stride 1, overlapping, odd sizes, [3,1,5,3]', [3, 1, 5, 3], { kernelSize: 2, stride: 1 }],
      ['kernel as large as the map, [2,3,4,4]', [2, 3, 4, 4], { kernelSize: 4 }],
    ];
    const random = [rng.int(1, 3), rng.int(1, 4), rng.int(3, 9), rng.int(3, 9)];
    specs.push([`3x3, stride 2, padding 1, random [${random.join(',')}]`, random, { kernelSize: 3, stride: 2, padding: 1 }]);
    // Planes over 64 x 64 take the CPU kernels' row-by-row path: parity only (too large for
    // finite differences).
    const large: [string, number[], MaxPool2dOptions] = ['large planes, 3x3, stride 2, padding 1, [1,2,67,70]', [1, 2, 67, 70],
      { kernelSize: 3, stride: 2, padding: 1 }];
    specs.push(large);
    return specs.map(([name, shape, opts]) => ({
      name,
      inputs: [distinctInput(rng, shape)],
      run: (x) => maxPool2d(x, opts),
      skipGradcheck: shape === large[1],
      // The output copies inputs; a gradient cell sums at most a few upstream values, each rounded
      // to float32 (6e-8 relative, |u| <= 1), so 1e-6 absolute and relative cover it.
      atol: 1e-6,
      rtol: 1e-6,
    }));
  },
});
