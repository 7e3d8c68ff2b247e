import { checkOneOf, checkOptions, show } from '../check';
import { kernels, native, NativeTensor } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { logSoftmax } from './log_softmax';
import { nllLossWith, Reduction } from './nll_loss';
import { tensor } from '../creation';

export interface CrossEntropyOptions {
  /** s in [0, 1): the target is (1 - s) onehot(label) + s / K. Default 0. */
  labelSmoothing?: number;
  /**
   * Class weights [K] (default none). With weights the loss is logSoftmax then nllLoss's weighted
   * mean (PyTorch's definition, the smoothing term weighted too).
   */
  weight?: Tensor | null;
  /** 'mean' over the batch (default; the weighted mean with weights), 'sum', or 'none' (one loss per row, [N]). */
  reduction?: Reduction;
}

type Labels = Tensor | Int32Array | BigInt64Array | number[];

/** Labels given as numbers, as an Int32Array after checking that each is an integer. */
function labelArray(labels: Int32Array | BigInt64Array | readonly number[]): Int32Array | BigInt64Array {
  if (labels instanceof Int32Array || labels instanceof BigInt64Array) return labels;
  const out = new Int32Array(labels.length);
  labels.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new Error(`crossEntropy: label ${String(v)} at index ${i} is not an integer class index`);
    }
    out[i] = v;
  });
  return out;
}

const labelsError = 'crossEntropy: labels must be a Tensor, an Int32Array, a BigInt64Array or an array of numbers';

function isLabels(labels: unknown): labels is Labels {
  return labels instanceof Tensor || labels instanceof Int32Array || labels instanceof BigInt64Array || Array.isArray(labels);
}

/**
 * logSoftmax ((x - max) - log sum exp, the safe order) then the (weighted, smoothed) nllLoss with
 * the reduction asked for: the path for class weights and for reductions other than the mean.
 */
function composedCrossEntropy(logits: Tensor, labels: Labels, weight: Tensor | null, smoothing: number, reduction: Reduction): Tensor {
  if (weight !== null && !(weight instanceof Tensor)) throw new TypeError(`crossEntropy: options.weight must be a Tensor or null, got ${show(weight)}`);
  if (logits.ndim !== 2) throw new Error(`crossEntropy: logits must be 2-d [N, K], got [${logits.shape.join(',')}] ${logits.dtype} ${logits.device}`);
  const y = labels instanceof Tensor ? labels : labelTensor(labels, logits);
  const logProbs = logSoftmax(logits);
  try {
    return nllLossWith('crossEntropy', logProbs, y, weight, smoothing, reduction);
  } finally {
    if (!logProbs.requiresGrad) logProbs.dispose();
    if (y !== labels) y.dispose();
  }
}

function labelTensor(labels: Int32Array | BigInt64Array | number[], logits: Tensor): Tensor {
  const a = labelArray(labels);
  return tensor(a, [a.length], { dtype: a instanceof BigInt64Array ? 'int64' : 'int32', device: logits.device });
}

/**
 * The cross entropy between softmax(logits) ([N, K]) and the labels (int32 or int64 [N], each in
 * [0, K); a Tensor, an Int32Array, a BigInt64Array or numbers), with optional label smoothing and
 * class weights, averaged over the batch unless options.reduction says otherwise: F.cross_entropy.
 * Differentiable with respect to the logits.
 */
export function crossEntropy(logits: Tensor, labels: Labels, opts: CrossEntropyOptions = {}): Tensor {
  opts = checkOptions<CrossEntropyOptions>('crossEntropy', 'options', opts, ['labelSmoothing', 'weight', 'reduction']);
  const ls = opts.labelSmoothing;
  if (ls !== undefined && !(typeof ls === 'number' && ls >= 0 && ls < 1)) throw new Error(`crossEntropy: labelSmoothing must be in [0, 1), got ${show(ls)}`);
  const smoothing = opts.labelSmoothing ?? 0;
  if (typeof smoothing !== 'number' || !Number.isFinite(smoothing) || smoothing < 0 || smoothing >= 1) {
    throw new Error(`crossEntropy: labelSmoothing must be in [0, 1), got ${String(smoothing)}`);
  }
  const reduction = opts.reduction === undefined ? 'mean' : checkOneOf('crossEntropy', 'options.reduction', opts.reduction, ['mean', 'sum', 'none']);
  const hl = operand('crossEntropy', 'logits', logits);
  if (!isLabels(labels)) throw new TypeError(labelsError);
  const weight = opts.weight ?? null;
  if (weight !== null || reduction !== 'mean') return composedCrossEntropy(logits, labels, weight, smoothing, reduction);
  let labelHandle: NativeTensor;
  if (labels instanceof Tensor) {
    labelHandle = operand('crossEntropy', 'labels', labels).share();
  } else {
    const a = labelArray(labels);
    labelHandle = native.fromArray(a, [a.length], a instanceof BigInt64Array ? 'int64' : 'int32', logits.device);
  }
  const k = kernels();
  let loss: NativeTensor, logProbs: NativeTensor;
  try {
    [loss, logProbs] = k.crossEntropyForward(hl, labelHandle, smoothing);
  } catch (e) {
    labelHandle.dispose();
    throw e;
  }
  const y = wrap(loss);
  if (!needsGrad([logits])) {
    logProbs.dispose();
    labelHandle.dispose();
    return y;
  }
  return record('crossEntropy', y, [logits], [logProbs, labelHandle],
    (g) => [wrap(k.crossEntropyBackward(g.handle, logProbs, labelHandle, smoothing))]);
}
