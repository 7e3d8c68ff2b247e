// avgPool2d and globalAvgPool2d beyond the gradient checks: the divisor with and without the
// padding, in ceil mode, and plane means. Expected values are worked out by hand from the definitions.
import { strict as assert } from 'assert';
import { backends } from '../src/backends';
import { tensor, tidy, reference, ones } from '../src/index';
import { avgPool2d, globalAvgPool2d } from '../src/functional';
import type { Device } from '../src/native';
import { assertClose } from './assertions';
import { skipUnless } from './skip';

const cuda = backends().find((b) => b.name === 'cuda')!;
const settings: { label: string; device: Device; ref: boolean }[] = [
  { label: 'cpu', device: 'cpu', ref: false },
  { label: 'reference', device: 'cpu', ref: true },
  { label: 'cuda', device: 'cuda', ref: false },
];

for (const s of settings) {
  describe(`avgPool2d and globalAvgPool2d (${s.label})`, () => {
    before(function () {
      skipUnless(this, s.device !== 'cuda' || cuda.available, cuda.reason);
    });
    const run = <T>(fn: () => T): T => (s.ref ? reference(fn) : fn());
    const allOnes = (shape: number[], requiresGrad = false) =>
      ones(shape, { dtype: 'float64', device: s.device, requiresGrad });

    it('counts the padding in the divisor by default, and not with countIncludePad false', () => tidy(() => {
      // 3x3 ones, 3x3 windows, stride 1, padding 1: a corner window holds 4 ones among 9 cells,
      // an edge window 6, the center 9.
      const withPad = run(() => avgPool2d(allOnes([1, 1, 3, 3]), { kernelSize: 3, stride: 1, padding: 1 }));
      assertClose(withPad.toArray(), [4, 6, 4, 6, 9, 6, 4, 6, 4].map((v) => v / 9), 1e-12, 0, 'countIncludePad true');
      const without = run(() => avgPool2d(allOnes([1, 1, 3, 3]), { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false }));
      assertClose(without.toArray(), Array(9).fill(1), 1e-12, 0, 'countIncludePad false');
    }));

    it('in ceil mode divides a window that runs past the padding by its part inside the padded input', () => tidy(() => {
      // 1x5 row of ones, kernel [1,3], stride 2, padding [0,1], ceil mode: windows start at -1, 1, 3
      // and cover [-1,2), [1,4), [3,6); the padded input ends at 6, so all three count 3 cells:
      // 2/3, 1, 2/3 (the last holds cells 3, 4 and the right padding).
      const y = run(() => avgPool2d(allOnes([1, 1, 1, 5]), { kernelSize: [1, 3], stride: 2, padding: [0, 1], ceilMode: true }));
      assertClose(y.toArray(), [2 / 3, 1, 2 / 3], 1e-12, 0, 'y');
      // 1x5 row, kernel [1,2], stride 2, ceil mode: the last window starts at 4 and is cut at 5, the
      // end of the padded input: divisor 1, not 2.
      const z = run(() => avgPool2d(allOnes([1, 1, 1, 5]), { kernelSize: [1, 2], stride: 2, ceilMode: true }));
      assertClose(z.toArray(), [1, 1, 1], 1e-12, 0, 'z');
    }));

    it('spreads the gradient over each window divided by its divisor', () => tidy(() => {
      // 1x4 row, kernel [1,2], stride 1: windows (0,1), (1,2), (2,3) with dy 2, 4, 6.
      const x = allOnes([1, 1, 1, 4], true);
      run(() => avgPool2d(x, { kernelSize: [1, 2], stride: 1 })
        .backward(tensor([2, 4, 6], [1, 1, 1, 3], { dtype: 'float64', device: s.device })));
      assertClose(x.grad!.toArray(), [1, 3, 5, 3], 1e-12, 0, 'dx');
    }));

    it('globalAvgPool2d takes the mean of each plane, and spreads dy / (H W) back', () => tidy(() => {
      const x = tensor([1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60], [1, 2, 2, 3], { dtype: 'float64', device: s.device, requiresGrad: true });
      const y = run(() => {
        const out = globalAvgPool2d(x);
        out.backward(tensor([6, 12], [1, 2, 1, 1], { dtype: 'float64', device: s.device }));
        return out;
      });
      assert.deepEqual(y.shape, [1, 2, 1, 1]);
      assertClose(y.toArray(), [3.5, 35], 1e-12, 0, 'y');
      assertClose(x.grad!.toArray(), [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2], 1e-12, 0, 'dx');
    }));
  });
}
