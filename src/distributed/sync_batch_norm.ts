// Batch normalization whose statistics cover every rank's batch (PyTorch's SyncBatchNorm): the
// per-channel sums of x and x^2 are all-reduced in the forward pass, and the sums of dy and dy*xhat
// in the backward pass, so that a step on R ranks of B samples each normalizes and differentiates
// as one process would on the R*B samples together.
//
// Forward: mean = S(x)/M, var = S(x^2)/M - mean^2 (biased; the sums in float64), then the batch
// norm kernel with these as its statistics. Backward (g = dy * weight, xhat the normalized input):
// dx = invstd * (g - S(g)/M - xhat * S(g * xhat)/M) with S over all ranks; dweight and dbias are
// this rank's sums (DistributedDataParallel averages them over the ranks like any gradient).
import { record, noGrad } from '../autograd';
import { tensor } from '../creation';
import { add, batchNorm2d, mul, sum } from '../functional';
import { Tensor } from '../tensor';
import { allReduce } from './collectives';

const CHANNEL_DIMS = [0, 2, 3];

/** The sums over every rank of `values` (float64). */
function sumOverRanks(values: Float64Array): Float64Array {
  const t = tensor(values, [values.length], { dtype: 'float64' });
  const s = allReduce(t);
  t.dispose();
  const out = s.toArray() as Float64Array;
  s.dispose();
  return out;
}

/** Per channel: [sum of a, sum of a * b] of this rank, in float64. */
function channelSums(a: Tensor, b: Tensor | null): Float64Array {
  const a64 = a.dtype === 'float64' ? a : a.cast('float64');
  const s1 = sum(a64, { dims: CHANNEL_DIMS });
  const prod = b ? mul(a64, b.dtype === 'float64' ? b : b.cast('float64')) : mul(a64, a64);
  const s2 = sum(prod, { dims: CHANNEL_DIMS });
  const out = new Float64Array([...(s1.toArray() as Float64Array), ...(s2.toArray() as Float64Array)]);
  for (const t of [s1, s2, prod]) t.dispose();
  if (a64 !== a) a64.dispose();
  return out;
}

function perChannel(values: ArrayLike<number>, like: Tensor): Tensor {
  return tensor(Array.from(values), [1, values.length, 1, 1], { dtype: like.dtype as 'float32' | 'float64', device: like.device });
}

/**
 * Training-mode batch normalization over the batches of all ranks; updates runningMean and
 * runningVar ([C]) with `momentum` (unbiased variance over all M samples per channel).
 */
export function syncBatchNorm2d(x: Tensor, runningMean: Tensor, runningVar: Tensor, weight: Tensor | null, bias: Tensor | null,
  momentum: number, eps: number): Tensor {
  const [n, c, h, w] = x.shape;
  const { mean, variance, count } = noGrad(() => {
    const local = channelSums(x, null);
    const all = sumOverRanks(new Float64Array([n * h * w, ...local]));
    const m = all[0];
    const mu = all.slice(1, 1 + c).map((s) => s / m);
    const v = all.slice(1 + c).map((s, i) => Math.max(0, s / m - mu[i] * mu[i]));
    return { mean: mu, variance: v, count: m };
  });
  if (count < 2) throw new Error(`syncBatchNorm2d: ${count} value per channel over all ranks has no variance`);
  const meanT = tensor(Array.from(mean), [c], { dtype: x.dtype as 'float32' | 'float64', device: x.device });
  const varT = tensor(Array.from(variance), [c], { dtype: x.dtype as 'float32' | 'float64', device: x.device });
  const y = noGrad(() => batchNorm2d(x, meanT, varT, weight, bias, { training: false, eps }));
  noGrad(() => {
    const rm = runningMean.toArray() as Float32Array | Float64Array;
    const rv = runningVar.toArray() as Float32Array | Float64Array;
    const unbiased = count / (count - 1);
    runningMean.set_(tensor(Array.from(rm, (r, i) => (1 - momentum) * r + momentum * mean[i]), [c], { dtype: runningMean.dtype as 'float32', device: runningMean.device }));
    runningVar.set_(tensor(Array.from(rv, (r, i) => (1 - momentum) * r + momentum * variance[i] * unbiased), [c], { dtype: runningVar.dtype as 'float32', device: runningVar.device }));
  });
  // The node holds x and the statistics (released with it); the wrappers go now.
  const saved = [x.handle.share(), meanT.handle.share(), varT.handle.share()];
  meanT.dispose();
  varT.dispose();
  return record('syncBatchNorm2d', y, [x, weight, bias], saved, (g, needs) => {
    const [xs, mu, va] = saved.map((h) => new Tensor(h.share()));
    const xhat = batchNorm2d(xs, mu, va, null, null, { training: false, eps });
    for (const t of [xs, mu, va]) t.dispose();
    const gw = weight ? mul(g, weight.reshape([1, c, 1, 1])) : g;
    let dx: Tensor | null = null;
    if (needs[0]) {
      const sums = sumOverRanks(channelSums(gw, xhat));
      const invstd = perChannel(Array.from(variance, (v) => 1 / Math.sqrt(v + eps)), x);
      const a = perChannel(Array.from(sums.slice(0, c), (s) => -s / count), x);
      const b = perChannel(Array.from(sums.slice(c), (s) => -s / count), x);
      dx = mul(add(add(gw, a), mul(xhat, b)), invstd);
      for (const t of [invstd, a, b]) t.dispose();
    }
    const dw = needs[1] ? sum(mul(g, xhat), { dims: CHANNEL_DIMS }) : null;
    const db = needs[2] ? sum(g, { dims: CHANNEL_DIMS }) : null;
    if (gw !== g) gw.dispose();
    xhat.dispose();
    return [dx, dw, db];
  });
}
