import { show } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/**
 * Layer normalization over the last dims of x, those of `normalizedShape` (torch.nn.functional.layer_norm):
 * (x - mean) / sqrt(var + eps) * weight + bias, the mean and the biased variance taken per
 * position over those dims; weight and bias have normalizedShape (or are null).
 */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const xh = operand('layerNorm', 'x', x);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isSafeInteger(d) && d >= 1)) {
    throw new Error(`layerNorm: normalizedShape must be an integer >= 1 or a non-empty array of them, got ${show(normalizedShape)}`);
  }
  const tail = x.shape.slice(x.ndim - shape.length);
  if (shape.length > x.ndim || tail.some((d, i) => d !== shape[i])) {
    throw new Error(`layerNorm: x [${x.shape.join(',')}] does not end in normalizedShape [${shape.join(',')}]`);
  }
  if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) throw new Error(`layerNorm: eps must be a finite number > 0, got ${show(eps)}`);
  const w = weight ?? null, b = bias ?? null;
  for (const [name, p] of [['weight', w], ['bias', b]] as const) {
    if (p === null) continue;
    operand('layerNorm', name, p);
    if (p.shape.join(',') !== shape.join(',')) throw new Error(`layerNorm: ${name} [${p.shape.join(',')}] must have normalizedShape [${shape.join(',')}]`);
  }
  const size = shape.reduce((a, c) => a * c, 1);
  const k = kernels();
  const [yh, mean, rstd] = k.layerNormForward(xh, w?.handle ?? null, b?.handle ?? null, size, eps);
  const y = wrap(yh);
  if (!needsGrad([x, w, b])) {
    mean.dispose();
    rstd.dispose();
    return y;
  }
  const xs = xh.share();
  const ws = w === null ? null : w.handle.share();
  const saved = ws === null ? [xs, mean, rstd] : [xs, mean, rstd, ws];
  return record('layerNorm', y, [x, w, b], saved, (g, needs) => {
    const grads = k.layerNormBackward(g.handle, xs, mean, rstd, ws, b !== null, size, [needs[0], needs[1], needs[2]]);
    // dbias comes flat when there is no weight to take its shape from.
    return grads.map((h, i) => (h === null ? null : i === 2 && b !== null ? wrap(h).reshape(b.shape) : wrap(h)));
  });
}
