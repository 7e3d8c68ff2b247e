// conv2d beyond the shared checks: layout tags on the cpu, the primitive cache, the float64 kernel
// at sizes that cross the gemm's cache blocks, gradients asked for one at a time, empty batches,
// float32 held to float32 precision, and the TF32 switch.
import { strict as assert } from 'assert';
import { conv2d, Conv2dOptions } from '../src/functional/conv2d';
import { rand, tensor, zeros } from '../src/creation';
import { native, reference, Layout, NativeTensor } from '../src/native';
import { memory, tidy } from '../src/scope';
import { Tensor, wrap } from '../src/tensor';
import { backends } from '../src/backends';
import { getTF32, setTF32 } from '../src/tf32';
import { Rng } from '../src/gradcheck/rng';
import { skipUnless } from './skip';

const cuda = backends().find((b) => b.name === 'cuda')!;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

interface Grads {
  y: Float64Array;
  dx: Float64Array | null;
  dw: Float64Array | null;
  db: Float64Array | null;
}

/** Forward and backward with a fixed upstream gradient of ones-and-signs. */
function run(x: Tensor, w: Tensor, b: Tensor | null, opts: Conv2dOptions): Grads {
  return tidy(() => {
    const y = conv2d(x, w, b, opts);
    const u = tensor(Float64Array.from({ length: y.size }, (_, i) => ((i * 7919) % 13) / 6 - 1), y.shape.slice(), { dtype: y.dtype as 'float32' | 'float64' });
    y.backward(u);
    const grad = (t: Tensor | null) => (t && t.grad ? Float64Array.from(t.grad.toArray()) : null);
    return { y: Float64Array.from(y.toArray()), dx: grad(x), dw: grad(w), db: grad(b) };
  });
}

describe('conv2d', () => {
  describe('layout tags on the cpu (float32)', () => {
    const layouts: Layout[] = ['channels_last', 'nChw16c', 'nChw8c'];
    const setups: { name: string; x: number[]; w: number[]; opts: Conv2dOptions }[] = [
      { name: '3 -> 5 channels (channels not a multiple of the block)', x: [2, 3, 7, 6], w: [5, 3, 3, 3], opts: { padding: 1 } },
      { name: '16 -> 8 channels, stride 2', x: [2, 16, 9, 9], w: [8, 16, 3, 3], opts: { padding: 1, stride: 2 } },
      { name: 'groups 2', x: [1, 8, 6, 6], w: [6, 4, 3, 3], opts: { groups: 2, padding: 1 } },
    ];
    for (const s of setups) {
      for (const layout of layouts) {
        it(`${s.name}: x and weight in ${layout} give what plain tensors give`, () => tidy(() => {
          const x = rand(s.x, { low: -1, high: 1 }).requiresGrad_();
          const w = rand(s.w, { low: -1, high: 1 }).requiresGrad_();
          const b = rand([s.w[0]], { low: -1, high: 1 }).requiresGrad_();
          const plain = run(x, w, b, s.opts);
          x.grad = null;
          w.grad = null;
          b.grad = null;
          // Same values, other layouts: toLayout is differentiable, so the gradients land on x and w.
          const viaLayout = tidy(() => {
            const xl = x.toLayout(layout), wl = w.toLayout(layout);
            assert.equal(xl.layout, layout);
            return run(xl, wl, b, s.opts);
          });
          const ref = { y: plain.y, dx: plain.dx!, dw: plain.dw! };
          const tol = 1e-5 * maxAbs(ref.y);
          assert.ok(maxAbsDiff(viaLayout.y, ref.y) <= tol, 'output');
          const gx = Float64Array.from(x.grad!.toArray()), gw = Float64Array.from(w.grad!.toArray());
          assert.ok(maxAbsDiff(gx, ref.dx) <= 1e-5 * maxAbs(ref.dx), 'grad of x');
          assert.ok(maxAbsDiff(gw, ref.dw) <= 1e-5 * maxAbs(ref.dw), 'grad of weight');
        }));
      }
    }

    it('dy in a blocked layout reaches the backward kernels as it is', () => tidy(() => {
      const x = rand([2, 3, 7, 6], { low: -1, high: 1 }), w = rand([5, 3, 3, 3], { low: -1, high: 1 });
      const dy = rand([2, 5, 7, 6], { low: -1, high: 1 });
      const p = [1, 1] as [number, number], one = [1, 1] as [number, number];
      const take = (hs: (NativeTensor | null)[]) => hs.map((h) => (h ? Float64Array.from(wrap(h).toArray()) : null));
      const plain = take(native.conv2dBackward(dy.handle, x.handle, w.handle, true, one, p, one, 1, [true, true, true]));
      const dyl = dy.toLayout('nChw8c'), xl = x.toLayout('nChw16c');
      const tagged = take(native.conv2dBackward(dyl.handle, xl.handle, w.handle, true, one, p, one, 1, [true, true, true]));
      for (let i = 0; i < 3; i++) assert.ok(maxAbsDiff(tagged[i]!, plain[i]!) <= 1e-5 * maxAbs(plain[i]!), `gradient ${i}`);
    }));
  });

  it('builds its oneDNN primitives once per shape', () => tidy(() => {
    const x = rand([3, 5, 11, 9]).requiresGrad_(), w = rand([7, 5, 3, 3]).requiresGrad_(), b = rand([7]).requiresGrad_();
    run(x, w, b, { padding: 1, stride: [2, 1] });
    const first = native.dnnlCacheStats();
    run(x, w, b, { padding: 1, stride: [2, 1] });
    run(x, w, b, { padding: 1, stride: [2, 1] });
    const later = native.dnnlCacheStats();
    assert.equal(later.built, first.built, 'a repeated shape built a primitive');
    assert.ok(later.lookups >= first.lookups + 6, 'the calls did not go through the cache');
    run(x, w, b, { padding: 2, stride: [2, 1] });
    assert.ok(native.dnnlCacheStats().built > later.built, 'a new shape built nothing');
  }));

  describe('float64 kernel against the reference at sizes crossing the gemm blocks', () => {
    const setups: { name: string; x: number[]; w: number[]; opts: Conv2dOptions }[] = [
      { name: 'K = 360 > one K block, samples in parallel', x: [2, 40, 20, 20], w: [24, 40, 3, 3], opts: { padding: 1 } },
      { name: 'N = 1 and Ho Wo = 4096 > one N block (threaded gemm)', x: [1, 8, 64, 64], w: [8, 8, 3, 3], opts: { padding: 1 } },
      { name: 'M = 100 > one M block, 1x1', x: [2, 30, 6, 5], w: [100, 30, 1, 1], opts: {} },
      { name: 'grouped, dilated, strided', x: [3, 6, 13, 12], w: [9, 2, 3, 2], opts: { groups: 3, dilation: [2, 3], padding: [2, 1], stride: [2, 3] } },
    ];
    for (const s of setups) {
      it(s.name, () => tidy(() => {
        const rng = new Rng(7);
        const shapes = [s.x, s.w, [s.w[0]]];
        const data = shapes.map((shape) => rng.array(shape.reduce((a, d) => a * d, 1)));
        const leaves = () => shapes.map((shape, i) => tensor(data[i], shape, { dtype: 'float64', requiresGrad: true }));
        const [x, w, b] = leaves();
        const fast = run(x, w, b, s.opts);
        const [xr, wr, br] = leaves();
        const ref = reference(() => run(xr, wr, br, s.opts));
        for (const k of ['y', 'dx', 'dw', 'db'] as const) {
          const scale = Math.max(1, maxAbs(ref[k]!));
          assert.ok(maxAbsDiff(fast[k]!, ref[k]!) <= 1e-12 * scale * 100, `${k}: ${maxAbsDiff(fast[k]!, ref[k]!)}`);
        }
      }));
    }
  });

  describe('computes only the gradients asked for', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${dtype}: bias alone, x alone, weight alone`, () => tidy(() => {
        const rng = new Rng(3);
        const data = (shape: number[]) => tensor(rng.array(shape.reduce((a, d) => a * d, 1)), shape, { dtype });
        const x = data([2, 4, 6, 5]), w = data([6, 2, 3, 3]), b = data([6]);
        const opts: Conv2dOptions = { padding: 1, groups: 2 };
        const all = (() => {
          const [xa, wa, ba] = [x.clone().requiresGrad_(), w.clone().requiresGrad_(), b.clone().requiresGrad_()];
          return run(xa, wa, ba, opts);
        })();
        const onlyB = run(x, w, b.clone().requiresGrad_(), opts);
        assert.equal(onlyB.dx, null);
        assert.equal(onlyB.dw, null);
        const onlyX = run(x.clone().requiresGrad_(), w, b, opts);
        const onlyW = run(x, w.clone().requiresGrad_(), null, opts);
        const tol = dtype === 'float32' ? 1e-5 : 1e-12;
        assert.ok(maxAbsDiff(onlyB.db!, all.db!) <= tol * maxAbs(all.db!), 'bias gradient');
        assert.ok(maxAbsDiff(onlyX.dx!, all.dx!) <= tol * maxAbs(all.dx!), 'x gradient');
        assert.ok(maxAbsDiff(onlyW.dw!, all.dw!) <= tol * maxAbs(all.dw!), 'weight gradient');
      }));
    }
  });

  it('repeated forward and backward steps leave no tensors behind', () => {
    const x = rand([4, 3, 9, 9]), w = rand([5, 3, 3, 3]).requiresGrad_(), b = rand([5]).requiresGrad_();
    const step = () => tidy(() => {
      const y = conv2d(x, w, b, { padding: 1, stride: [2, 1] });
      y.backward(rand(y.shape.slice()));
    });
    step();
    const before = memory().cpu.tensors;
    for (let i = 0; i < 20; i++) step();
    assert.equal(memory().cpu.tensors, before);
    for (const t of [x, w, b, w.grad!, b.grad!]) t.dispose();
  });

  it('an empty batch gives an empty output and zero parameter gradients', () => tidy(() => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = zeros([0, 3, 5, 5], { dtype }).requiresGrad_();
      const w = rand([4, 3, 3, 3], { dtype }).requiresGrad_();
      const b = rand([4], { dtype }).requiresGrad_();
      const y = conv2d(x, w, b, { padding: 1 });
      assert.deepEqual(y.shape, [0, 4, 5, 5]);
      y.backward(zeros([0, 4, 5, 5], { dtype }));
      assert.deepEqual(Array.from(w.grad!.toArray()), new Array(4 * 3 * 3 * 3).fill(0));
      assert.deepEqual(Array.from(b.grad!.toArray()), [0, 0, 0, 0]);
      assert.deepEqual(x.grad!.shape, [0, 3, 5, 5]);
    }
  }));

  describe('TF32 switch', () => {
    it(cuda.available ? 'is on by default and can be turned off and on' : 'throws why cuda is unavailable', () => {
      if (!cuda.available) {
        assert.throws(() => getTF32(), (e: Error) => e.message.includes('cuda is not available') && e.message.includes(cuda.reason!));
        assert.throws(() => setTF32(false), (e: Error) => e.message.includes(cuda.reason!));
        return;
      }
      assert.equal(getTF32(), true);
      setTF32(false);
      assert.equal(getTF32(), false);
      setTF32(true);
      assert.equal(getTF32(), true);
    });

    it('float64 on cuda ignores it (matches the reference to float64 precision)', function () {
      skipUnless(this, cuda.available, cuda.reason);
      tidy(() => {
        const rng = new Rng(11);
        const xs = rng.array(2 * 8 * 9 * 9), ws = rng.array(16 * 8 * 3 * 3);
        const onCuda = tidy(() => {
          setTF32(true);
          const x = tensor(xs, [2, 8, 9, 9], { dtype: 'float64', device: 'cuda' });
          const w = tensor(ws, [16, 8, 3, 3], { dtype: 'float64', device: 'cuda' });
          return Float64Array.from(conv2d(x, w, null, { padding: 1 }).toArray());
        });
        const ref = reference(() => Float64Array.from(conv2d(tensor(xs, [2, 8, 9, 9], { dtype: 'float64' }),
          tensor(ws, [16, 8, 3, 3], { dtype: 'float64' }), null, { padding: 1 }).toArray()));
        assert.ok(maxAbsDiff(onCuda, ref) <= 1e-12 * Math.max(1, maxAbs(ref)));
      });
    });
  });
});
