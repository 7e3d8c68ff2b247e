import { checkOptions, checkBool, show } from '../check';
import { kernels, native } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/** The cell sides used when none are given: 3x3, 6x6 and 12x12-pixel neighbourhoods. */
export const defaultMssarScales: readonly number[] = Object.freeze([1, 2, 4]);
const limits = native.mssarLimits();
/** The largest cell side accepted (native/ops/mssar.h holds the limits). */
export const maxMssarScale = limits.maxScale;
/** The most scales one op takes. */
export const maxMssarScales = limits.maxScales;

export interface MssarOptions {
  /** Cell sides s_1 .. s_K in pixels: up to 16 positive integers up to 64 (default [1, 2, 4]). */
  scales?: readonly number[];
  /** Mirrored cells share one weight, stored as [K, C, 3] = (m, e, c) (default false). */
  symmetric?: boolean;
}

/**
 * The scales as the op takes them, or an Error that names `caller` (the op or module that was
 * given them: 'mssar', 'mssarAddRelu', 'MSSAR') and shows what came.
 */
export function checkMssarScales(scales: readonly number[], caller = 'mssar'): number[] {
  const ok = Array.isArray(scales) && scales.length > 0 && scales.length <= maxMssarScales &&
    scales.every((s) => typeof s === 'number' && Number.isInteger(s) && s >= 1 && s <= maxMssarScale);
  if (!ok) {
    throw new Error(`${caller}: scales must be a non-empty array of at most ${maxMssarScales} integers in [1, ${maxMssarScale}], ` +
      `got ${show(scales)}`);
  }
  return scales.slice();
}

/**
 * Multi-scale spatially-asymmetric recalibration (docs/mssar.md): y = x * sigmoid(z), where z at
 * each neuron is bias[c] plus, for every scale s, the nine s x s cell means around it (a 3 x 3 grid
 * of cells, the centre one covering the neuron) weighted each by its own weight.
 *
 * x: [N, C, H, W]; weight: [K, C, 3, 3] ([K, C, 3] = (m, e, c) when symmetric), K = scales.length;
 * bias: [C], or [N, C] for one bias per image and channel (bias[n, c] in place of bias[c]; its
 * gradient then has that shape too). Differentiable with respect to all three.
 */
export function mssar(x: Tensor, weight: Tensor, bias: Tensor, opts: MssarOptions = {}): Tensor {
  opts = checkOptions<MssarOptions>('mssar', 'options', opts, ['scales', 'symmetric']);
  if (opts.symmetric !== undefined) checkBool('mssar', 'options.symmetric', opts.symmetric);
  const scales = checkMssarScales(opts.scales ?? defaultMssarScales);
  const symmetric = opts.symmetric ?? false;
  if (typeof symmetric !== 'boolean') throw new Error(`mssar: symmetric must be a boolean, got ${String(symmetric)}`);
  const k = kernels();
  const [out, gate] = k.mssarForward(operand('mssar', 'x', x), operand('mssar', 'weight', weight), operand('mssar', 'bias', bias), scales, symmetric);
  const y = wrap(out);
  if (!needsGrad([x, weight, bias])) {
    gate.dispose();
    return y;
  }
  const xs = x.handle.share(), ws = weight.handle.share();
  const perSampleBias = bias.shape.length === 2;
  return record('mssar', y, [x, weight, bias], [xs, gate, ws], (g, needs) => {
    const [dx, dw, db] = k.mssarBackward(g.handle, xs, gate, ws, scales, symmetric, needs, perSampleBias);
    return [dx && wrap(dx), dw && wrap(dw), db && wrap(db)];
  });
}
