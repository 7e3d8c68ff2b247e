// maxPool2d beyond the gradient checks: padding acts as -inf, the gradient goes to the first of
// equal maxima, NaN propagates, and the output sizes of ceil mode follow PyTorch's rule. Expected
// values come from the definitions (and PyTorch's documented sizes), not from the kernels.
import { strict as assert } from 'assert';
import { backends } from '../src/backends';
import { tensor, tidy, reference, ones } from '../src/index';
import { maxPool2d } from '../src/functional';
import type { Device } from '../src/native';
import { skipUnless } from './skip';

const cuda = backends().find((b) => b.name === 'cuda')!;
const settings: { label: string; device: Device; ref: boolean }[] = [
  { label: 'cpu', device: 'cpu', ref: false },
  { label: 'reference', device: 'cpu', ref: true },
  { label: 'cuda', device: 'cuda', ref: false },
];

for (const s of settings) {
  describe(`maxPool2d (${s.label})`, () => {
    before(function () {
      skipUnless(this, s.device !== 'cuda' || cuda.available, cuda.reason);
    });
    const run = <T>(fn: () => T): T => (s.ref ? reference(fn) : fn());
    const t = (data: number[], shape: number[], requiresGrad = false) =>
      tensor(data, shape, { dtype: 'float64', device: s.device, requiresGrad });

    it('never picks the padding, even when every input is negative', () => tidy(() => {
      // 3x3 input of negatives, 2x2 windows, stride 2, padding 1: windows see one, two or four cells.
      const x = t([-9, -8, -7, -6, -5, -4, -3, -2, -1], [1, 1, 3, 3]);
      const y = run(() => maxPool2d(x, { kernelSize: 2, stride: 2, padding: 1 }));
      assert.deepEqual(y.shape, [1, 1, 2, 2]);
      assert.deepEqual(Array.from(y.toArray()), [-9, -7, -3, -1]);
    }));

    it('sends the gradient to the window maximum, summing where overlapping windows share it', () => tidy(() => {
      // 1x4 row, kernel [1,2], stride 1: windows (0,1), (1,2), (2,3); the 5 at index 1 wins twice.
      const x = t([1, 5, 2, 3], [1, 1, 1, 4], true);
      run(() => maxPool2d(x, { kernelSize: [1, 2], stride: 1 }).backward(t([10, 20, 30], [1, 1, 1, 3])));
      assert.deepEqual(Array.from(x.grad!.toArray()), [0, 30, 0, 30]);
    }));

    it('the first of equal maxima wins', () => tidy(() => {
      const x = t([4, 4, 4, 4], [1, 1, 2, 2], true);
      run(() => maxPool2d(x, { kernelSize: 2 }).backward(t([1], [1, 1, 1, 1])));
      assert.deepEqual(Array.from(x.grad!.toArray()), [1, 0, 0, 0]);
    }));

    it('propagates NaN', () => tidy(() => {
      const y = run(() => maxPool2d(t([1, NaN, 3, 2], [1, 1, 2, 2]), { kernelSize: 2 }));
      assert.ok(Number.isNaN(y.toArray()[0]));
    }));

    it('picks maxima plane by plane (indices within each input plane)', () => tidy(() => {
      // Two planes of a [1,2,2,2] input; the maximum sits at a different cell in each.
      const x = t([1, 9, 3, 2, 8, 1, 0, 7], [1, 2, 2, 2], true);
      const y = run(() => {
        const out = maxPool2d(x, { kernelSize: 2 });
        out.backward(t([1, 2], [1, 2, 1, 1]));
        return out;
      });
      assert.deepEqual(Array.from(y.toArray()), [9, 8]);
      assert.deepEqual(Array.from(x.grad!.toArray()), [0, 1, 0, 0, 2, 0, 0, 0]);
    }));
  });
}

describe('maxPool2d output sizes (PyTorch rule)', () => {
  // [input H, kernel, stride, padding, ceil mode, output H], checked against torch.nn.MaxPool2d.
  const table: [number, number, number, number, boolean, number][] = [
    [5, 2, 2, 0, false, 2],
    [5, 2, 2, 0, true, 3], // the last window starts at 4, inside the input
    [6, 3, 2, 1, false, 3],
    [6, 3, 2, 1, true, 4], // starts at 5, inside
    [5, 3, 3, 1, true, 2], // a third window would start at 5 = H: dropped
    [4, 2, 3, 1, true, 2], // a third window would start at 5, in the right padding only: dropped
    [1, 1, 1, 0, false, 1],
    [7, 3, 1, 1, false, 7],
  ];
  for (const [h, k, st, p, ceil, want] of table) {
    it(`H ${h}, kernel ${k}, stride ${st}, padding ${p}${ceil ? ', ceil mode' : ''} -> ${want}`, () => tidy(() => {
      const y = maxPool2d(ones([1, 1, h, h]), { kernelSize: k, stride: st, padding: p, ceilMode: ceil });
      assert.deepEqual(y.shape, [1, 1, want, want]);
    }));
  }
});
