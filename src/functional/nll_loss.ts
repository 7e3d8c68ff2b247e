import { checkOneOf, checkOptions, show } from '../check';
import { kernels, NativeTensor } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

export type Reduction = 'mean' | 'sum' | 'none';

export interface NllLossOptions {
  /** Class weights [K] (default none: all 1). */
  weight?: Tensor | null;
  /** 'mean' (default; weighted by the labels' class weights, as PyTorch), 'sum' or 'none' ([N]). */
  reduction?: Reduction;
}

/**
 * The negative log-likelihood of labels (int32 or int64 [N], each in [0, K)) under logProbs [N, K]:
 * F.nll_loss. Differentiable with respect to logProbs.
 */
export function nllLoss(logProbs: Tensor, labels: Tensor, opts: NllLossOptions = {}): Tensor {
  const o = checkOptions<NllLossOptions>('nllLoss', 'options', opts, ['weight', 'reduction']);
  return nllLossWith('nllLoss', logProbs, labels, o.weight ?? null, 0, o.reduction === undefined ? 'mean' : checkOneOf('nllLoss', 'options.reduction', o.reduction, ['mean', 'sum', 'none']));
}

/** nllLoss with label smoothing s (crossEntropy's weighted path), errors named after `op`. */
export function nllLossWith(op: string, logProbs: Tensor, labels: Tensor, weight: Tensor | null, s: number, reduction: Reduction): Tensor {
  const lh = operand(op, 'logProbs', logProbs);
  const yh = operand(op, 'labels', labels);
  if (weight !== null && !(weight instanceof Tensor)) throw new TypeError(`${op}: options.weight must be a Tensor or null, got ${show(weight)}`);
  const wh = weight === null ? null : operand(op, 'options.weight', weight);
  const k = kernels();
  let yHandle: NativeTensor;
  try {
    yHandle = k.nllLossForward(lh, yh, wh, s, reduction);
  } catch (e) {
    // The native op says nllLoss; a caller of another name (crossEntropy) gets its own name first.
    if (op !== 'nllLoss' && e instanceof Error && e.message.startsWith('nllLoss: ')) throw new Error(`${op}: ${e.message.slice('nllLoss: '.length)}`);
    throw e;
  }
  const y = wrap(yHandle);
  if (!needsGrad([logProbs])) return y;
  const saved: NativeTensor[] = [lh.share(), yh.share()];
  if (wh) saved.push(wh.share());
  const [ls, ys, ws] = saved;
  return record(op, y, [logProbs], saved, (g) => [wrap(k.nllLossBackward(g.handle, ls, ys, ws ?? null, s, reduction))]);
}
