import { batchNorm2d } from '../../functional/batch_norm2d';
import { CaseInput, defineOp, floatInput, inLayout, OpCase } from '../cases';
import type { Layout as TensorLayout } from '../../native';
import { Rng } from '../rng';

// float32 rounds every input by 6e-8 relative; normalization multiplies those errors by invstd
// (below 7 here: each channel's values spread over at least 0.3) and the backward sums at most a
// few hundred products per channel (the statistics themselves are summed in double). The errors
// seen stay near 1e-7 absolute; atol 1e-6, rtol 1e-5 leave a margin of about 10.
const atol = 1e-6, rtol = 1e-5;

export interface BatchNormCase {
  name: string;
  shape: [number, number, number, number];
  training: boolean;
  runningStats: boolean;
  affine: boolean;
  momentum?: number;
  /** Values chosen instead of random ones (a channel of two values must not be nearly equal). */
  data?: Float64Array;
  /** The layout x reaches the op in on the fast kernels (default plain). */
  layout?: TensorLayout;
}

function channelVector(rng: Rng, c: number, low: number, high: number): CaseInput {
  return floatInput(rng, [c], { low, high, grad: false });
}

function makeCase(rng: Rng, l: BatchNormCase): OpCase {
  const c = l.shape[1];
  const x = floatInput(rng, l.shape);
  if (l.data) x.data = l.data;
  const inputs: CaseInput[] = [x];
  // Running statistics are buffers: inputs without gradient (the variance kept positive).
  if (l.runningStats) inputs.push(channelVector(rng, c, -0.5, 0.5), channelVector(rng, c, 0.5, 1.5));
  if (l.affine) inputs.push(floatInput(rng, [c], { low: 0.5, high: 1.5 }), floatInput(rng, [c]));
  const opts = { training: l.training, momentum: l.momentum };
  return {
    name: l.name,
    inputs,
    run: (...xs) => {
      const [rm, rv] = l.runningStats ? [xs[1], xs[2]] : [null, null];
      const [w, b] = l.affine ? xs.slice(l.runningStats ? 3 : 1) : [null, null];
      return batchNorm2d(inLayout(xs[0], l.layout ?? 'plain'), rm, rv, w, b, opts);
    },
    atol,
    rtol,
  };
}

// Two values per channel, 0.3 to 1.3 apart, so that invstd stays below 7.
function pairsPerChannel(rng: Rng, c: number): Float64Array {
  const out = new Float64Array(2 * c);
  for (let k = 0; k < c; k++) {
    const a = rng.uniform(-1, 0.2);
    out[k] = a;
    out[c + k] = a + rng.uniform(0.3, 1.3);
  }
  return out;
}

export default defineOp({
  op: 'batchNorm2d',
  cases(rng: Rng): OpCase[] {
    const layouts: BatchNormCase[] = [
      { name: 'training, running stats, affine, [2,3,5,7]', shape: [2, 3, 5, 7], training: true, runningStats: true, affine: true },
      { name: 'training, no running stats, no affine, [3,2,4,3]', shape: [3, 2, 4, 3], training: true, runningStats: false, affine: false },
      { name: 'training, odd sizes, momentum 0.3, [3,5,3,1]', shape: [3, 5, 3, 1], training: true, runningStats: true, affine: true, momentum: 0.3 },
      // One value per channel: variance 0, y = bias, dx = 0 (no NaN).
      { name: 'training, one value per channel, N = 1, C = 1, 1x1', shape: [1, 1, 1, 1], training: true, runningStats: false, affine: true },
      { name: 'training, one value per channel, [1,3,1,1]', shape: [1, 3, 1, 1], training: true, runningStats: false, affine: false },
      { name: 'training, two values per channel, 1x1 maps, [2,4,1,1]', shape: [2, 4, 1, 1], training: true, runningStats: true, affine: true, data: pairsPerChannel(rng, 4) },
      { name: 'training, N = 1, C = 1, [1,1,6,5]', shape: [1, 1, 6, 5], training: true, runningStats: true, affine: true },
      { name: 'eval, affine, [2,3,4,5]', shape: [2, 3, 4, 5], training: false, runningStats: true, affine: true },
      { name: 'eval, no affine, N = 1, [1,2,3,3]', shape: [1, 2, 3, 3], training: false, runningStats: true, affine: false },
      { name: 'eval, 1x1 maps, [3,2,1,1]', shape: [3, 2, 1, 1], training: false, runningStats: true, affine: true },
    ];
    const random: [number, number, number, number] = [rng.int(2, 3), rng.int(1, 4), rng.int(2, 6), rng.int(2, 6)];
    layouts.push({ name: `training, random [${random.join(',')}]`, shape: random, training: true, runningStats: true, affine: true });
    // Blocked and channels-last x (statistics per lane; padding lanes must stay out of them).
    layouts.push(
      { name: 'training, nChw16c, C = 3 (padding lanes), [2,3,5,7]', shape: [2, 3, 5, 7], training: true, runningStats: true, affine: true, layout: 'nChw16c' },
      { name: 'training, nChw8c, C = 10 (two blocks), no affine, [2,10,3,3]', shape: [2, 10, 3, 3], training: true, runningStats: false, affine: false, layout: 'nChw8c' },
      { name: 'training, channels_last, [3,5,3,2]', shape: [3, 5, 3, 2], training: true, runningStats: true, affine: true, layout: 'channels_last' },
      { name: 'eval, nChw16c, [2,17,2,3]', shape: [2, 17, 2, 3], training: false, runningStats: true, affine: true, layout: 'nChw16c' },
    );
    return layouts.map((l) => makeCase(rng, l));
  },
});
