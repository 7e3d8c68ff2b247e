// concat beyond the gradient checks: element placement against a hand-written join, a large
// channel concat (several threads, memcpy runs), gradient slices and zero-size pieces.
import { strict as assert } from 'assert';
import { tensor, zeros } from '../src/creation';
import { concat } from '../src/functional/concat';
import { Tensor } from '../src/tensor';
import { Rng } from '../src/gradcheck/rng';

const rand = (seed: number, shape: number[], requiresGrad = true) =>
  tensor(new Rng(seed).array(shape.reduce((a, b) => a * b, 1), -1, 1), shape, { dtype: 'float32', requiresGrad });

/** The join of row-major arrays along dim, written out. */
function joinJs(parts: { data: ArrayLike<number>; shape: number[] }[], dim: number): number[] {
  const outer = parts[0].shape.slice(0, dim).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const run = p.shape.slice(dim).reduce((a, b) => a * b, 1);
      for (let j = 0; j < run; j++) out.push(p.data[o * run + j]);
    }
  }
  return out;
}

describe('concat', () => {
  const check = (xs: Tensor[], dim: number) => {
    const y = concat(xs, dim);
    const d = dim < 0 ? dim + xs[0].ndim : dim;
    const want = joinJs(xs.map((x) => ({ data: x.toArray(), shape: x.shape.slice() })), d);
    assert.deepEqual(Array.from(y.toArray()), Array.from(Float32Array.from(want)));
    const shape = xs[0].shape.slice();
    shape[d] = xs.reduce((n, x) => n + x.shape[d], 0);
    assert.deepEqual(y.shape, shape);
    return y;
  };

  it('places every element (dims 0, 1, 2, -1)', () => {
    check([rand(1, [1, 3, 2]), rand(2, [4, 3, 2])], 0);
    check([rand(3, [2, 1, 2]), rand(4, [2, 5, 2]), rand(5, [2, 2, 2])], 1);
    check([rand(6, [2, 3, 1]), rand(7, [2, 3, 4])], 2);
    check([rand(8, [3, 2]), rand(9, [3, 1])], -1);
  });

  it('joins DenseNet-sized channel blocks', () => {
    const xs = [rand(1, [8, 64, 28, 28]), rand(2, [8, 32, 28, 28]), rand(3, [8, 32, 28, 28], false), rand(4, [8, 1, 28, 28])];
    const y = check(xs, 1);
    const u = rand(5, y.shape.slice(), false);
    y.backward(u);
    // Each input that requires grad gets its slice of the upstream gradient.
    const uv = u.toArray();
    let offset = 0;
    for (const x of xs) {
      const c = x.shape[1];
      if (!x.requiresGrad) {
        assert.equal(x.grad, null);
      } else {
        const g = x.grad!.toArray();
        for (let n = 0; n < 8; n += 3) {
          for (let j = 0; j < c * 784; j += 101) assert.equal(g[n * c * 784 + j], uv[n * 129 * 784 + offset * 784 + j]);
        }
      }
      offset += c;
    }
  });

  it('a tensor given twice gets both slices', () => {
    const x = rand(1, [2, 2]);
    concat([x, x], 0).backward(tensor([1, 2, 3, 4, 10, 20, 30, 40], [4, 2], { dtype: 'float32' }));
    assert.deepEqual(Array.from(x.grad!.toArray()), [11, 22, 33, 44]);
  });

  it('accepts zero-size pieces', () => {
    const x = rand(2, [2, 2, 3]);
    const y = concat([zeros([2, 0, 3]), x, zeros([2, 0, 3])], 1);
    assert.deepEqual(Array.from(y.toArray()), Array.from(x.toArray()));
  });
});
