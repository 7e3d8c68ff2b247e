import { checkOptions, show } from '../check';
import { kernels, native, NativeTensor } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { logSoftmax } from './log_softmax';
import { nllLossWith } from './nll_loss';
import { tensor } from '../creation';

export interface CrossEntropyOptions {
  /** s in [0, 1): the target is (1 - s) onehot(label) + s / K. Default 0. */
  labelSmoothing?: number;
  /**
   * Class weights [K] (default none). With weights the loss is logSoftmax then nllLoss's weighted
   * mean (PyTorch's definition, the smoothing term weighted too).
   */
  weight?: Tensor | null;
}

/** Labels given as numbers, as an Int32Array after checking that each is an integer. */
function labelArray(labels: Int32Array | readonly number[]): Int32Array {
  if (labels instanceof Int32Array) return labels;
  const out = new Int32Array(labels.length);
  labels.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new Error(`crossEntropy: label ${String(v)} at index ${i} is not an integer class index`);
    }
    out[i] = v;
  });
  return out;
}

/** logSoftmax ((x - max) - log sum exp, the safe order) then the weighted, smoothed nllLoss. */
function weightedCrossEntropy(logits: Tensor, labels: Tensor | Int32Array | number[], weight: Tensor, smoothing: number): Tensor {
  if (!(weight instanceof Tensor)) throw new TypeError(`crossEntropy: options.weight must be a Tensor or null, got ${show(weight)}`);
  if (logits.ndim !== 2) throw new Error(`crossEntropy: logits must be 2-d [N, K], got [${logits.shape.join(',')}] ${logits.dtype} ${logits.device}`);
  if (!(labels instanceof Tensor || labels instanceof Int32Array || Array.isArray(labels))) {
    throw new TypeError('crossEntropy: labels must be a Tensor, an Int32Array or an array of numbers');
  }
  const y = labels instanceof Tensor ? labels : tensor(labelArray(labels), [labels.length], { dtype: 'int32', device: logits.device });
  const loss = nllLossWith('crossEntropy', logSoftmax(logits), y, weight, smoothing, 'mean');
  if (y !== labels) y.dispose();
  return loss;
}

/**
 * The mean over the batch of the cross entropy between softmax(logits) ([N, K]) and the labels
 * (int32 [N], each in [0, K); a Tensor, an Int32Array or numbers), with optional label smoothing.
 * Differentiable with respect to the logits.
 */
export function crossEntropy(logits: Tensor, labels: Tensor | Int32Array | number[], opts: CrossEntropyOptions = {}): Tensor {
  opts = checkOptions<CrossEntropyOptions>('crossEntropy', 'options', opts, ['labelSmoothing', 'weight']);
  const ls = opts.labelSmoothing;
  if (ls !== undefined && !(typeof ls === 'number' && ls >= 0 && ls < 1)) throw new Error(`crossEntropy: labelSmoothing must be in [0, 1), got ${show(ls)}`);
  const smoothing = opts.labelSmoothing ?? 0;
  if (typeof smoothing !== 'number' || !Number.isFinite(smoothing) || smoothing < 0 || smoothing >= 1) {
    throw new Error(`crossEntropy: labelSmoothing must be in [0, 1), got ${String(smoothing)}`);
  }
  const hl = operand('crossEntropy', 'logits', logits);
  if (opts.weight !== undefined && opts.weight !== null) return weightedCrossEntropy(logits, labels, opts.weight, smoothing);
  let labelHandle: NativeTensor;
  if (labels instanceof Tensor) {
    labelHandle = operand('crossEntropy', 'labels', labels).share();
  } else if (labels instanceof Int32Array || Array.isArray(labels)) {
    labelHandle = native.fromArray(labelArray(labels), [labels.length], 'int32', logits.device);
  } else {
    throw new TypeError('crossEntropy: labels must be a Tensor, an Int32Array or an array of numbers');
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
