import { checkOptions, checkBool, fail } from '../check';
import { operand } from './operand';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import type { BatchNorm2dOptions } from './batch_norm2d';

/**
 * relu(batchNorm2d(x, ...)) in one pass: the same arguments and statistics as batchNorm2d, the
 * ReLU applied as y is written. The backward takes the ReLU's mask from y, which it keeps (the
 * next op usually keeps it anyway, so it costs no memory).
 */
export function batchNormRelu2d(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null,
  bias: Tensor | null, opts: BatchNorm2dOptions = {}): Tensor {
  operand('batchNormRelu2d', 'x', x);
  for (const [n, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t !== null && t !== undefined) operand('batchNormRelu2d', n, t);
  }
  opts = checkOptions<typeof opts>('batchNormRelu2d', 'options', opts, ['training', 'momentum', 'eps']);
  if (opts.training !== undefined) checkBool('batchNormRelu2d', 'options.training', opts.training);
  // Their ranges are the native op's checks (the messages show x).
  if (opts.momentum !== undefined && typeof opts.momentum !== 'number') fail('batchNormRelu2d', 'options.momentum', 'a number in [0, 1]', opts.momentum);
  if (opts.eps !== undefined && typeof opts.eps !== 'number') fail('batchNormRelu2d', 'options.eps', 'a number > 0', opts.eps);
  const training = opts.training ?? (runningMean === null && runningVar === null);
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  const k = kernels();
  const [yHandle, mean, invstd] = k.batchNormRelu2dForward(x.handle, weight?.handle ?? null, bias?.handle ?? null,
    runningMean?.handle ?? null, runningVar?.handle ?? null, training, momentum, eps);
  const y = wrap(yHandle);
  if (!needsGrad([x, weight, bias])) {
    mean.dispose();
    invstd.dispose();
    return y;
  }
  const savedY = yHandle.share();
  const savedX = x.handle.share();
  const savedWeight = weight ? weight.handle.share() : null;
  const saved = savedWeight ? [savedY, savedX, savedWeight, mean, invstd] : [savedY, savedX, mean, invstd];
  return record('batchNormRelu2d', y, [x, weight, bias], saved, (g, needs) =>
    k.batchNormRelu2dBackward(g.handle, savedY, savedX, savedWeight, mean, invstd, training, needs)
      .map((h) => (h ? wrap(h) : null)));
}
