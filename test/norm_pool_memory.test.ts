// The norm, pooling and dropout ops free everything they make: after forward and backward inside
// tidy(), after a forward whose graph is dropped, and after one with recording off, no native
// tensor or byte is left behind (the saved statistics, indices and masks included).
import { strict as assert } from 'assert';
import { memory, noGrad, ones, randn, tidy, Tensor } from '../src/index';
import { avgPool2d, batchNorm2d, dropout, globalAvgPool2d, maxPool2d } from '../src/functional';

const ops: [string, (x: Tensor, rm: Tensor, rv: Tensor, w: Tensor) => Tensor][] = [
  ['batchNorm2d (training)', (x, rm, rv, w) => batchNorm2d(x, rm, rv, w, null, { training: true })],
  ['batchNorm2d (eval)', (x, rm, rv, w) => batchNorm2d(x, rm, rv, w, null, { training: false })],
  ['maxPool2d', (x) => maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1 })],
  ['avgPool2d', (x) => avgPool2d(x, { kernelSize: 2 })],
  ['globalAvgPool2d', (x) => globalAvgPool2d(x)],
  ['dropout', (x) => dropout(x, { p: 0.3 })],
];

describe('norm and pooling ops free what they make', () => {
  for (const [name, op] of ops) {
    it(name, () => {
      const rm = ones([3]), rv = ones([3]);
      const w = ones([3], { requiresGrad: true });
      const before = memory().cpu;
      tidy(() => {
        const x = randn([2, 3, 6, 5], { requiresGrad: true });
        const y = op(x, rm, rv, w);
        y.backward(ones(y.shape));
        assert.ok(x.grad, 'x got a gradient');
        x.grad.dispose(); // gradients are kept past tidy()
      });
      tidy(() => {
        op(randn([2, 3, 6, 5], { requiresGrad: true }), rm, rv, w);
      });
      tidy(() => noGrad(() => {
        op(randn([2, 3, 6, 5]), rm, rv, w);
      }));
      w.grad?.dispose();
      w.grad = null;
      const after = memory().cpu;
      assert.equal(after.tensors, before.tensors, 'live tensors');
      assert.equal(after.bytes, before.bytes, 'live bytes');
      for (const t of [rm, rv, w]) t.dispose();
    });
  }
});
