// linear beyond the shared checks: the float64 gemm against the reference at sizes that cross its
// cache blocks, the matmul primitive cache, empty batches, float32 held to float32 precision.
import { strict as assert } from 'assert';
import { linear } from '../src/functional/linear';
import { rand, tensor, zeros } from '../src/creation';
import { native, reference } from '../src/native';
import { tidy } from '../src/scope';
import { Tensor } from '../src/tensor';
import { Rng } from '../src/gradcheck/rng';


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

function run(x: Tensor, w: Tensor, b: Tensor | null): Float64Array[] {
  return tidy(() => {
    const y = linear(x, w, b);
    const u = tensor(Float64Array.from({ length: y.size }, (_, i) => ((i * 7919) % 13) / 6 - 1), y.shape.slice(), { dtype: y.dtype as 'float32' | 'float64' });
    y.backward(u);
    const out = [Float64Array.from(y.toArray())];
    for (const t of [x, w, b]) if (t && t.grad) out.push(Float64Array.from(t.grad.toArray()));
    return out;
  });
}

describe('linear', () => {
  describe('float64 gemm against the reference at sizes crossing its blocks', () => {
    const setups = [
      { name: 'M = 130 > one M block, K = 300 > one K block (threaded by rows)', N: 130, I: 300, O: 100 },
      { name: 'N = 3500 > one N block (threaded by columns)', N: 5, I: 20, O: 3500 },
      { name: 'odd sizes below one register tile', N: 3, I: 5, O: 7 },
    ];
    for (const s of setups) {
      it(s.name, () => tidy(() => {
        const rng = new Rng(5);
        const shapes = [[s.N, s.I], [s.O, s.I], [s.O]];
        const data = shapes.map((shape) => rng.array(shape[0] * (shape[1] ?? 1)));
        const leaves = () => shapes.map((shape, i) => tensor(data[i], shape, { dtype: 'float64', requiresGrad: true }));
        const [x, w, b] = leaves();
        const fast = run(x, w, b);
        const [xr, wr, br] = leaves();
        const ref = reference(() => run(xr, wr, br));
        assert.equal(fast.length, 4);
        fast.forEach((f, i) => assert.ok(maxAbsDiff(f, ref[i]) <= 1e-10 * Math.max(1, maxAbs(ref[i])), `tensor ${i}`));
      }));
    }
  });

  it('builds its oneDNN matmul primitives once per shape', () => tidy(() => {
    const x = rand([9, 13]).requiresGrad_(), w = rand([6, 13]).requiresGrad_(), b = rand([6]).requiresGrad_();
    run(x, w, b);
    const first = native.dnnlCacheStats();
    run(x, w, b);
    const later = native.dnnlCacheStats();
    assert.equal(later.built, first.built);
    assert.ok(later.lookups >= first.lookups + 3);
  }));

  it('an empty batch gives an empty output and zero parameter gradients', () => tidy(() => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = zeros([0, 5], { dtype }).requiresGrad_();
      const w = rand([3, 5], { dtype }).requiresGrad_();
      const b = rand([3], { dtype }).requiresGrad_();
      const y = linear(x, w, b);
      assert.deepEqual(y.shape, [0, 3]);
      y.backward(zeros([0, 3], { dtype }));
      assert.deepEqual(Array.from(w.grad!.toArray()), new Array(15).fill(0));
      assert.deepEqual(Array.from(b.grad!.toArray()), [0, 0, 0]);
    }
  }));

  it('bias alone: its gradient is the column sum of dy', () => tidy(() => {
    const x = rand([7, 4]), w = rand([5, 4]), b = zeros([5]).requiresGrad_();
    const y = linear(x, w, b);
    const u = rand([7, 5], { low: -1, high: 1 });
    y.backward(u);
    const ua = u.toArray();
    const want = [0, 1, 2, 3, 4].map((o) => Array.from({ length: 7 }, (_, n) => ua[n * 5 + o]).reduce((a, v) => a + v, 0));
    assert.ok(maxAbsDiff(b.grad!.toArray(), want) <= 1e-5);
  }));

});
