// Activations in oneDNN's layout: conv2d writes its preferred format, the ops on the path of a
// residual network keep it, and mixed layouts meet in the right one. A whole training step on those
// paths against the float64 reference is in resnet_parity.test.ts.
import { strict as assert } from 'assert';
import { manualSeed, randn, tensor } from '../src/creation';
import { addRelu } from '../src/functional/add_relu';
import { batchNormRelu2d } from '../src/functional/batch_norm_relu2d';
import { conv2d } from '../src/functional/conv2d';
import { globalAvgPool2d } from '../src/functional/global_avg_pool2d';
import { mssar } from '../src/functional/mssar';
import { relu } from '../src/functional/relu';
import { tidy } from '../src/scope';
import { assertClose } from './assertions';
import { skipUnless } from './skip';

const x86 = process.arch === 'x64';

describe('layouts on the path of a residual network (cpu, float32)', () => {
  it('conv2d writes a blocked layout on x86 and the next ops keep it', function () {
    skipUnless(this, x86, 'oneDNN prefers blocked formats on x86 (AVX2 and later) only');
    tidy(() => {
      manualSeed(1);
      const x = randn([2, 3, 8, 8]);
      const y = conv2d(x, randn([16, 3, 3, 3]), null, { padding: 1 });
      assert.ok(y.layout === 'nChw16c' || y.layout === 'nChw8c', `conv2d output in ${y.layout}`);
      const ones = tensor(new Float32Array(16).fill(1), [16]);
      const zeros = tensor(new Float32Array(16), [16]);
      const b = batchNormRelu2d(y, null, null, ones, zeros, { training: true });
      assert.equal(b.layout, y.layout);
      assert.equal(relu(b).layout, y.layout);
      assert.equal(addRelu(b, y).layout, y.layout);
      const w = randn([3, 16, 3, 3], { std: 0.1 });
      assert.equal(mssar(b, w, zeros).layout, y.layout);
      // And the values are the plain ones.
      const plain = y.toLayout('plain');
      assertClose(relu(y).toArray(), relu(plain).toArray(), 0, 0, 'relu');
    });
  });

  it('a second operand or gradient in another layout is brought to the first\'s', () => {
    tidy(() => {
      manualSeed(2);
      const a = randn([2, 5, 3, 3]), b = randn([2, 5, 3, 3]);
      const want = addRelu(a, b).toArray();
      const mixed = addRelu(a.toLayout('nChw16c'), b);
      assert.equal(mixed.layout, 'nChw16c');
      assertClose(mixed.toArray(), want, 0, 0, 'addRelu(blocked, plain)');
      assertClose(addRelu(a, b.toLayout('nChw8c')).toArray(), want, 0, 0, 'addRelu(plain, blocked)');
    });
  });

  it('autograd sums gradients that arrive in different layouts', () => {
    tidy(() => {
      manualSeed(3);
      const x = randn([2, 3, 4, 4], { requiresGrad: true });
      // One path through a blocked tensor, one plain: x's gradient is their sum.
      const y = addRelu(relu(x.toLayout('nChw16c')), relu(x));
      y.backward(tensor(new Float32Array(y.size).fill(1), y.shape));
      const xs = x.toArray(), g = x.grad!.toArray();
      for (let i = 0; i < xs.length; i++) {
        const r = Math.max(xs[i], 0);
        const want = 2 * r > 0 && xs[i] > 0 ? 2 : 0;
        assert.equal(g[i], want, `element ${i}`);
      }
      assert.equal(x.grad!.layout, 'plain');
    });
  });

  it('globalAvgPool2d gives its input\'s gradient in the input\'s layout', () => {
    tidy(() => {
      manualSeed(4);
      const x = randn([2, 20, 3, 3]).toLayout('nChw16c');
      x.requiresGrad = true;
      const y = globalAvgPool2d(x);
      // The gradient reaching a leaf is made plain for .grad: look at the op's own output instead.
      const [dx] = y.gradFn!.apply(tensor(new Float32Array(40).fill(1), [2, 20, 1, 1]));
      assert.equal(dx!.layout, 'nChw16c');
      assertClose(dx!.toArray(), new Float32Array(360).fill(1 / 9), 1e-7, 0, 'dx');
    });
  });
});
