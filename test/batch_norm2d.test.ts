// batchNorm2d beyond the gradient checks: running statistics (one and two training steps, momentum),
// eval mode, the default mode, one value per channel, and statistics that stay exact in float32
// when the mean dwarfs the spread. Expected values are computed here in float64 from the inputs.
import { strict as assert } from 'assert';
import { backends } from '../src/backends';
import { tensor, Tensor, tidy, reference } from '../src/index';
import { batchNorm2d } from '../src/functional';
import { Rng } from '../src/gradcheck/rng';
import type { Device, FloatDType } from '../src/native';
import { assertClose } from './assertions';
import { skipUnless } from './skip';

const cuda = backends().find((b) => b.name === 'cuda')!;

interface ChannelStats {
  mean: number[];
  biasedVar: number[];
  n: number;
}

function channelStats(x: ArrayLike<number>, [N, C, H, W]: number[]): ChannelStats {
  const n = N * H * W;
  const mean: number[] = [], biasedVar: number[] = [];
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let k = 0; k < N; k++) for (let i = 0; i < H * W; i++) s += x[(k * C + c) * H * W + i];
    const m = s / n;
    let q = 0;
    for (let k = 0; k < N; k++) for (let i = 0; i < H * W; i++) q += (x[(k * C + c) * H * W + i] - m) ** 2;
    mean.push(m);
    biasedVar.push(q / n);
  }
  return { mean, biasedVar, n };
}

function randomData(rng: Rng, n: number, scale = 1, offset = 0): Float64Array {
  return Float64Array.from({ length: n }, () => offset + scale * rng.normal());
}

// Values as the given dtype will hold them (float32 rounding), so the float64 math sees the same inputs.
function asStored(data: Float64Array, dtype: FloatDType): Float64Array {
  return dtype === 'float32' ? Float64Array.from(Float32Array.from(data)) : data;
}

const settings: { label: string; dtype: FloatDType; device: Device; ref: boolean; tol: number }[] = [
  { label: 'cpu float64', dtype: 'float64', device: 'cpu', ref: false, tol: 1e-12 },
  { label: 'cpu float32', dtype: 'float32', device: 'cpu', ref: false, tol: 2e-6 },
  { label: 'reference', dtype: 'float64', device: 'cpu', ref: true, tol: 1e-12 },
  { label: 'cuda float64', dtype: 'float64', device: 'cuda', ref: false, tol: 1e-12 },
  { label: 'cuda float32', dtype: 'float32', device: 'cuda', ref: false, tol: 2e-6 },
];

for (const s of settings) {
  describe(`batchNorm2d running statistics (${s.label})`, () => {
    before(function () {
      skipUnless(this, s.device !== 'cuda' || cuda.available, cuda.reason);
    });
    const run = <T>(fn: () => T): T => (s.ref ? reference(fn) : fn());
    const make = (data: Float64Array, shape: number[]): Tensor => tensor(data, shape, { dtype: s.dtype, device: s.device });

    it('one and two training steps update them with the unbiased variance and the momentum', () => tidy(() => {
      const rng = new Rng(1);
      const shape = [4, 3, 5, 6];
      const x1 = asStored(randomData(rng, 360, 2, 1), s.dtype), x2 = asStored(randomData(rng, 360, 0.5, -3), s.dtype);
      const rm0 = asStored(Float64Array.from([0.1, -0.2, 0.3]), s.dtype), rv0 = asStored(Float64Array.from([0.5, 1, 2]), s.dtype);
      const rm = make(rm0, [3]), rv = make(rv0, [3]);
      const momentum = 0.25;
      run(() => batchNorm2d(make(x1, shape), rm, rv, null, null, { training: true, momentum }));
      const a = channelStats(x1, shape);
      const m1 = rm0.map((r, c) => (1 - momentum) * r + momentum * a.mean[c]);
      const v1 = rv0.map((r, c) => (1 - momentum) * r + momentum * a.biasedVar[c] * a.n / (a.n - 1));
      assertClose(rm.toArray(), m1, s.tol, s.tol, 'runningMean after one step');
      assertClose(rv.toArray(), v1, s.tol, s.tol, 'runningVar after one step');

      run(() => batchNorm2d(make(x2, shape), rm, rv, null, null, { training: true, momentum }));
      const b = channelStats(x2, shape);
      const m2 = m1.map((r, c) => (1 - momentum) * r + momentum * b.mean[c]);
      const v2 = v1.map((r, c) => (1 - momentum) * r + momentum * b.biasedVar[c] * b.n / (b.n - 1));
      assertClose(rm.toArray(), m2, s.tol, s.tol, 'runningMean after two steps');
      assertClose(rv.toArray(), v2, s.tol, s.tol, 'runningVar after two steps');
    }));

    it('training normalizes with the batch statistics (biased variance)', () => tidy(() => {
      const rng = new Rng(2);
      const shape = [3, 2, 4, 4];
      const x = asStored(randomData(rng, 96, 3, 2), s.dtype);
      const w = asStored(Float64Array.from([1.5, -0.5]), s.dtype), bias = asStored(Float64Array.from([0.2, 1]), s.dtype);
      const y = run(() => batchNorm2d(make(x, shape), null, null, make(w, [2]), make(bias, [2]))).toArray();
      const st = channelStats(x, shape);
      const want = x.map((v, i) => {
        const c = Math.floor(i / 16) % 2;
        return (v - st.mean[c]) / Math.sqrt(st.biasedVar[c] + 1e-5) * w[c] + bias[c];
      });
      assertClose(y, want, s.tol, s.tol, 'y');
    }));

    it('eval mode normalizes with the running statistics and leaves them unchanged', () => tidy(() => {
      const rng = new Rng(3);
      const shape = [2, 3, 3, 2];
      const x = asStored(randomData(rng, 36), s.dtype);
      const rmv = asStored(Float64Array.from([0.5, -1, 0]), s.dtype), rvv = asStored(Float64Array.from([4, 0.25, 1]), s.dtype);
      const rm = make(rmv, [3]), rv = make(rvv, [3]);
      const eps = 1e-3;
      const y = run(() => batchNorm2d(make(x, shape), rm, rv, null, null, { training: false, eps })).toArray();
      const want = x.map((v, i) => {
        const c = Math.floor(i / 6) % 3;
        return (v - rmv[c]) / Math.sqrt(rvv[c] + eps);
      });
      assertClose(y, want, s.tol, s.tol, 'y');
      assertClose(rm.toArray(), rmv, 0, 0, 'runningMean');
      assertClose(rv.toArray(), rvv, 0, 0, 'runningVar');
    }));

    it('momentum 0 keeps the running statistics; momentum 1 replaces them', () => tidy(() => {
      const rng = new Rng(4);
      const shape = [2, 2, 3, 3];
      const x = asStored(randomData(rng, 36), s.dtype);
      const st = channelStats(x, shape);
      const rm = make(Float64Array.from([7, 8]), [2]), rv = make(Float64Array.from([9, 10]), [2]);
      run(() => batchNorm2d(make(x, shape), rm, rv, null, null, { training: true, momentum: 0 }));
      assertClose(rm.toArray(), [7, 8], 0, 0, 'runningMean with momentum 0');
      assertClose(rv.toArray(), [9, 10], 0, 0, 'runningVar with momentum 0');
      run(() => batchNorm2d(make(x, shape), rm, rv, null, null, { training: true, momentum: 1 }));
      assertClose(rm.toArray(), st.mean, s.tol, s.tol, 'runningMean with momentum 1');
      assertClose(rv.toArray(), st.biasedVar.map((v) => v * st.n / (st.n - 1)), s.tol, s.tol, 'runningVar with momentum 1');
    }));

    it('one value per channel in training: y = bias, dx = 0, no NaN', () => tidy(() => {
      const x = make(Float64Array.from([3, -2]), [1, 2, 1, 1]).requiresGrad_();
      const w = make(Float64Array.from([2, 3]), [2]).requiresGrad_();
      const b = make(Float64Array.from([0.5, -0.25]), [2]).requiresGrad_();
      const y = run(() => {
        const out = batchNorm2d(x, null, null, w, b, { training: true });
        out.backward(make(Float64Array.from([1, -1]), [1, 2, 1, 1]));
        return out;
      });
      assertClose(y.toArray(), [0.5, -0.25], 0, 0, 'y');
      assertClose(x.grad!.toArray(), [0, 0], 0, 0, 'dx');
      assertClose(w.grad!.toArray(), [0, 0], 0, 0, 'dweight');
      assertClose(b.grad!.toArray(), [1, -1], 0, 0, 'dbias');
    }));

    it('one value per channel cannot update the running variance: an Error naming the op', () => tidy(() => {
      const rm = make(Float64Array.from([0]), [1]), rv = make(Float64Array.from([1]), [1]);
      assert.throws(() => run(() => batchNorm2d(make(Float64Array.from([1]), [1, 1, 1, 1]), rm, rv, null, null, { training: true })),
        /batchNorm2d: the running variance cannot be updated from 1 value per channel .*\[1,1,1,1\]/);
      assertClose(rm.toArray(), [0], 0, 0, 'runningMean untouched');
      assertClose(rv.toArray(), [1], 0, 0, 'runningVar untouched');
    }));
  });
}

describe('batchNorm2d defaults', () => {
  it('trains when no running statistics are given: each channel comes out with mean 0, variance ~1', () => tidy(() => {
    const rng = new Rng(5);
    const shape = [4, 2, 3, 3];
    const y = batchNorm2d(tensor(randomData(rng, 72, 2, 5), shape, { dtype: 'float64' }), null, null, null, null).toArray();
    const st = channelStats(y, shape);
    assertClose(st.mean, [0, 0], 1e-12, 1e-12, 'mean of y');
    // var(y) = var / (var + eps)
    st.biasedVar.forEach((v) => assert.ok(Math.abs(v - 1) < 1e-5, `variance of y ${v}`));
  }));

  it('uses the running statistics (eval) when they are given and training is not set', () => tidy(() => {
    const rm = tensor([1, 2], [2], { dtype: 'float64' }), rv = tensor([1, 1], [2], { dtype: 'float64' });
    const y = batchNorm2d(tensor([1, 2, 3, 4], [1, 2, 1, 2], { dtype: 'float64' }), rm, rv, null, null, { eps: 1e-12 });
    assertClose(y.toArray(), [0, 1, 1, 2], 1e-9, 1e-9, 'y');
    assertClose(rm.toArray(), [1, 2], 0, 0, 'runningMean unchanged');
  }));

  it('eval-mode gradients treat the statistics as constants: dx = dy w / sqrt(var + eps)', () => tidy(() => {
    const rm = tensor([5, -5], [2], { dtype: 'float64' }), rv = tensor([3, 15], [2], { dtype: 'float64' });
    const w = tensor([2, -1], [2], { dtype: 'float64' });
    const x = tensor([1, 2, 3, 4], [1, 2, 2, 1], { dtype: 'float64', requiresGrad: true });
    batchNorm2d(x, rm, rv, w, null, { eps: 1 }).backward(tensor([1, 1, 1, 1], [1, 2, 2, 1], { dtype: 'float64' }));
    assertClose(x.grad!.toArray(), [1, 1, -0.25, -0.25], 1e-12, 1e-12, 'dx');
  }));
});

describe('batchNorm2d statistics in float32 are computed without cancellation', () => {
  for (const device of ['cpu', 'cuda'] as Device[]) {
    it(`${device}: mean 1e4, spread 1 over 128 x 32 x 32 values per channel`, function () {
      skipUnless(this, device !== 'cuda' || cuda.available, cuda.reason);
      tidy(() => {
        const rng = new Rng(6);
        const shape = [128, 2, 32, 32];
        const data = asStored(randomData(rng, 128 * 2 * 1024, 1, 1e4), 'float32');
        const rm = tensor([0, 0], [2], { device }), rv = tensor([0, 0], [2], { device });
        const y = batchNorm2d(tensor(data, shape, { dtype: 'float32', device }), rm, rv, null, null, { training: true, momentum: 1 });
        const st = channelStats(data, shape);
        // A float32 sum of squares minus the squared sum would lose everything here (1e8 vs 1).
        assertClose(rv.toArray(), st.biasedVar.map((v) => v * st.n / (st.n - 1)), 1e-5, 1e-5, 'runningVar');
        assertClose(rm.toArray(), st.mean, 1e-6, 1e-6, 'runningMean');
        const ys = channelStats(y.toArray(), shape);
        ys.biasedVar.forEach((v) => assert.ok(Math.abs(v - 1) < 1e-3, `variance of y ${v}`));
      });
    });
  }
});
