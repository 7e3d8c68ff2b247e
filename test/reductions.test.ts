// sum and mean beyond the gradient checks: accuracy on large tensors along every path of the
// kernels (few or many outputs, reduced or kept inner dims), determinism, shapes.
import { strict as assert } from 'assert';
import { full, tensor, zeros } from '../src/creation';
import { sum } from '../src/functional/sum';
import { mean } from '../src/functional/mean';
import { getNumThreads, setNumThreads } from '../src/backends';
import { Rng } from '../src/gradcheck/rng';

/** Sums of a row-major array over `dims`, in double, the plain way. */
function reduceJs(data: ArrayLike<number>, shape: number[], dims: number[]): Float64Array {
  const kept = shape.map((_, d) => !dims.includes(d));
  const outSize = shape.reduce((n, s, d) => (kept[d] ? n * s : n), 1);
  const out = new Float64Array(outSize);
  const coord = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < data.length; i++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) if (kept[d]) o = o * shape[d] + coord[d];
    out[o] += data[i];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coord[d] < shape[d]) break;
      coord[d] = 0;
    }
  }
  return out;
}

describe('sum and mean', () => {
  it('sum ten million float32 values of 0.1 to the nearest float32', () => {
    const n = 10_000_000;
    const x = full([n], 0.1, { dtype: 'float32' });
    // The exact sum of the float32 values is 1000000.0149...; a float32 running sum would drift
    // to about 1087937.
    assert.equal(sum(x).item(), Math.fround(n * Math.fround(0.1)));
    assert.equal(mean(x).item(), Math.fround(0.1));
    x.dispose();
  });

  const layouts: [string, number[], number[]][] = [
    ['few outputs, long contiguous rows', [3, 1_000_003], [1]],
    ['few outputs, long columns', [1_000_003, 3], [0]],
    ['many outputs, rows', [64, 20_001], [1]],
    ['many outputs, columns', [20_001, 64], [0]],
    ['channel sums of NCHW', [8, 16, 60, 61], [0, 2, 3]],
    ['over channels of NCHW', [8, 16, 60, 61], [1]],
    ['alternating reduced and kept groups', [40, 30, 20, 13], [0, 2]],
    ['everything', [7, 300_001], [0, 1]],
  ];
  for (const [name, shape, dims] of layouts) {
    it(`matches a double-precision sum: ${name} [${shape.join(',')}] dims [${dims.join(',')}]`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = tensor(new Rng(n).array(n, -1, 1), shape, { dtype: 'float32', requiresGrad: true });
      const data = x.toArray();
      const want = reduceJs(data, shape, dims);
      const y = sum(x, { dims, keepDim: true });
      const got = y.toArray();
      assert.equal(got.length, want.length);
      for (let i = 0; i < want.length; i++) {
        // Added in double: only the final rounding to float32 remains.
        assert.ok(Math.abs(got[i] - want[i]) <= 1.2e-7 * Math.abs(want[i]) + 1e-9, `output ${i}: ${got[i]} vs ${want[i]}`);
      }
      // The backward broadcasts the upstream back over the reduced dims.
      const u = new Rng(3).array(want.length, -1, 1);
      y.backward(tensor(u, y.shape, { dtype: 'float32' }));
      const g = x.grad!.toArray();
      const uf = Float32Array.from(u);
      const keptStride = shape.map((_, d) => shape.slice(d + 1).reduce((a, s, k) => (dims.includes(d + 1 + k) ? a : a * s), 1));
      for (let i = 0; i < n; i += 997) {
        let rest = i, o = 0;
        for (let d = shape.length - 1; d >= 0; d--) {
          const c = rest % shape[d];
          rest = Math.floor(rest / shape[d]);
          if (!dims.includes(d)) o += c * keptStride[d];
        }
        assert.equal(g[i], uf[o], `grad element ${i}`);
      }
      x.dispose();
    });
  }

  it('gives the same result run after run, and about the same on one thread', () => {
    const shape = [2, 2_000_000];
    const x = tensor(new Rng(11).array(4_000_000, -1, 1), shape, { dtype: 'float32' });
    const a = sum(x, { dims: [1] }).toArray(), b = sum(x, { dims: [1] }).toArray();
    assert.deepEqual(a, b);
    const threads = getNumThreads();
    try {
      setNumThreads(1);
      const c = sum(x, { dims: [1] }).toArray();
      for (let i = 0; i < 2; i++) assert.ok(Math.abs(a[i] - c[i]) <= 1.2e-7 * Math.abs(c[i]) + 1e-9, `${a[i]} vs ${c[i]}`);
    } finally {
      setNumThreads(threads);
    }
  });

  it('shapes: keepDim, negative dims, all dims, 0-d and 1-element inputs', () => {
    const x = tensor(new Rng(1).array(24, -1, 1), [2, 3, 4], { dtype: 'float64' });
    assert.deepEqual(sum(x).shape, []);
    assert.deepEqual(sum(x, { keepDim: true }).shape, [1, 1, 1]);
    assert.deepEqual(sum(x, { dims: [-1], keepDim: true }).shape, [2, 3, 1]);
    assert.deepEqual(Array.from(sum(x, { dims: [-1] }).toArray()), Array.from(sum(x, { dims: [2] }).toArray()));
    assert.deepEqual(mean(x, { dims: [0, -1] }).shape, [3]);
    assert.equal(sum(tensor(5, undefined, { dtype: 'float64' })).item(), 5);
    assert.equal(mean(tensor([2.5], [1, 1], { dtype: 'float64' }), { dims: [1] }).item(), 2.5);
    const m = mean(x, { dims: [1] }).toArray(), s = sum(x, { dims: [1] }).toArray();
    for (let i = 0; i < m.length; i++) assert.ok(Math.abs(m[i] - s[i] / 3) < 1e-15);
  });

  it('sums over no elements give zeros', () => {
    assert.deepEqual(Array.from(sum(zeros([0, 3]), { dims: [0] }).toArray()), [0, 0, 0]);
    assert.equal(sum(zeros([0])).item(), 0);
  });

  it('the gradient of a mean is the upstream divided by the count', () => {
    const x = tensor(new Rng(2).array(30, -1, 1), [2, 3, 5], { dtype: 'float64', requiresGrad: true });
    mean(x, { dims: [0, 2] }).backward(tensor([1, 2, 3], [3], { dtype: 'float64' }));
    const g = x.grad!.toArray();
    for (let i = 0; i < 30; i++) assert.ok(Math.abs(g[i] - [1, 2, 3][Math.floor(i / 5) % 3] / 10) < 1e-16, `grad ${i}: ${g[i]}`);
  });
});
