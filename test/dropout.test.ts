// dropout beyond the gradient checks: the mask follows the seed (same seed, same mask; another
// seed, another mask; the same on cpu, cuda and the reference), the keep rate and the 1 / (1 - p)
// scaling, and identity (the same tensor) in eval mode or with p = 0.
import { strict as assert } from 'assert';
import { backends } from '../src/backends';
import { tensor, Tensor, tidy, reference, manualSeed, getRngState, ones } from '../src/index';
import { dropout } from '../src/functional';
import type { Device, FloatDType } from '../src/native';
import { skipUnless } from './skip';

const cuda = backends().find((b) => b.name === 'cuda')!;

function values(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 1 + (i % 97) / 7);
}

function keptPattern(y: Tensor): boolean[] {
  return Array.from(y.toArray(), (v) => v !== 0);
}

function draw(seed: number, n: number, p: number, dtype: FloatDType = 'float64', device: Device = 'cpu'): Tensor {
  manualSeed(seed);
  return dropout(tensor(values(n), [n], { dtype, device }), { p });
}

describe('dropout masks', () => {
  it('the same seed gives the same mask', () => tidy(() => {
    assert.deepEqual(keptPattern(draw(42, 5000, 0.5)), keptPattern(draw(42, 5000, 0.5)));
  }));

  it('another seed gives another mask', () => tidy(() => {
    const a = keptPattern(draw(42, 5000, 0.5)), b = keptPattern(draw(43, 5000, 0.5));
    const differ = a.filter((k, i) => k !== b[i]).length;
    // Independent masks differ in about half the elements.
    assert.ok(differ > 2000 && differ < 3000, `${differ} of 5000 elements differ`);
  }));

  it('consecutive calls draw fresh masks and advance the generator by one Philox block per 4 elements', () => tidy(() => {
    manualSeed(7);
    const x = tensor(values(1001), [1001], { dtype: 'float64' });
    const before = getRngState().offset;
    const a = keptPattern(dropout(x, { p: 0.5 }));
    assert.equal(getRngState().offset - before, Math.ceil(1001 / 4));
    const b = keptPattern(dropout(x, { p: 0.5 }));
    assert.notDeepEqual(a, b);
  }));

  it('keeps a fraction 1 - p of a large tensor', () => tidy(() => {
    for (const p of [0.1, 0.5, 0.9]) {
      const n = 1 << 20;
      manualSeed(123);
      const y = dropout(ones([n]), { p }).toArray();
      let kept = 0;
      for (const v of y) if (v !== 0) kept++;
      // Five standard deviations of a binomial proportion.
      const sd = Math.sqrt(p * (1 - p) / n);
      assert.ok(Math.abs(kept / n - (1 - p)) < 5 * sd, `p ${p}: kept ${kept / n}`);
    }
  }));

  it('scales kept elements by 1 / (1 - p), zeroes the others, and the gradient follows the mask', () => tidy(() => {
    const p = 0.3;
    manualSeed(9);
    const x = tensor(values(2000), [40, 50], { dtype: 'float64', requiresGrad: true });
    const y = dropout(x, { p });
    const xs = x.toArray(), ys = y.toArray();
    y.backward(ones([40, 50], { dtype: 'float64' }));
    const g = x.grad!.toArray();
    for (let i = 0; i < xs.length; i++) {
      if (ys[i] === 0) {
        assert.equal(g[i], 0, `element ${i}: dropped, gradient ${g[i]}`);
      } else {
        assert.ok(Math.abs(ys[i] - xs[i] / (1 - p)) < 1e-12, `element ${i}: ${ys[i]} vs ${xs[i] / (1 - p)}`);
        assert.ok(Math.abs(g[i] - 1 / (1 - p)) < 1e-12, `element ${i}: gradient ${g[i]}`);
      }
    }
  }));

  it('the reference draws the same mask as the fast kernels', () => tidy(() => {
    const fast = keptPattern(draw(77, 3001, 0.4));
    const ref = reference(() => keptPattern(draw(77, 3001, 0.4)));
    assert.deepEqual(ref, fast);
    assert.deepEqual(keptPattern(draw(77, 3001, 0.4, 'float32')), fast);
  }));

  it('cuda draws the same mask as the cpu for the same seed', function () {
    skipUnless(this, cuda.available, cuda.reason);
    tidy(() => {
      assert.deepEqual(keptPattern(draw(5, 10007, 0.25, 'float32', 'cuda')), keptPattern(draw(5, 10007, 0.25, 'float32', 'cpu')));
    });
  });
});

describe('dropout identity', () => {
  it('returns the same tensor in eval mode and with p = 0, drawing nothing', () => tidy(() => {
    const x = tensor(values(10), [2, 5], { dtype: 'float64' });
    const before = getRngState();
    assert.equal(dropout(x, { training: false }), x);
    assert.equal(dropout(x, { p: 0.7, training: false }), x);
    assert.equal(dropout(x, { p: 0 }), x);
    assert.deepEqual(getRngState(), before);
  }));
});
