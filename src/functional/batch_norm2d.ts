import { checkOptions, checkBool, fail } from '../check';
import { kernels, NativeTensor } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

const optional = (name: string, t: Tensor | null): NativeTensor | null => (t ? operand('batchNorm2d', name, t) : null);

export interface BatchNorm2dOptions {
  /** Normalize with the batch's statistics (and update the running ones). Default: true when no
   * running statistics are given, else false (PyTorch's functional batch_norm). */
  training?: boolean;
  /** Weight of the new batch statistic in the running averages (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5, must be > 0). */
  eps?: number;
}

/**
 * Batch normalization of x [N, C, H, W] per channel. Training: the batch mean and biased variance,
 * and runningMean / runningVar ([C], when given) are updated in place with `momentum` (unbiased
 * variance; a batch of one value per channel cannot update them and throws). Eval: the running
 * statistics. weight and bias ([C]) scale and shift; null means 1 and 0. Differentiable in x,
 * weight and bias (in eval mode the statistics are constants).
 */
export function batchNorm2d(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null,
  bias: Tensor | null, opts: BatchNorm2dOptions = {}): Tensor {
  opts = checkOptions<typeof opts>('batchNorm2d', 'options', opts, ['training', 'momentum', 'eps']);
  if (opts.training !== undefined) checkBool('batchNorm2d', 'options.training', opts.training);
  // Their ranges are the native op's checks (the messages show x).
  if (opts.momentum !== undefined && typeof opts.momentum !== 'number') fail('batchNorm2d', 'options.momentum', 'a number in [0, 1]', opts.momentum);
  if (opts.eps !== undefined && typeof opts.eps !== 'number') fail('batchNorm2d', 'options.eps', 'a number > 0', opts.eps);
  const training = opts.training ?? (runningMean === null && runningVar === null);
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  const k = kernels();
  const [yHandle, mean, invstd] = k.batchNorm2dForward(operand('batchNorm2d', 'x', x), optional('weight', weight), optional('bias', bias),
    optional('runningMean', runningMean), optional('runningVar', runningVar), training, momentum, eps);
  const y = wrap(yHandle);
  if (!needsGrad([x, weight, bias])) {
    mean.dispose();
    invstd.dispose();
    return y;
  }
  const savedX = x.handle.share();
  const savedWeight = weight ? weight.handle.share() : null;
  const saved = savedWeight ? [savedX, savedWeight, mean, invstd] : [savedX, mean, invstd];
  return record('batchNorm2d', y, [x, weight, bias], saved, (g, needs) =>
    k.batchNorm2dBackward(g.handle, savedX, savedWeight, mean, invstd, training, needs)
      .map((h) => (h ? wrap(h) : null)));
}
