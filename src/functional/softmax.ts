import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { alongDim } from './along_dim';

/**
 * softmax along `dim` (default the last): exp(x - max) / sum exp(x - max), the maximum subtracted
 * first so that large logits do not overflow.
 */
export function softmax(x: Tensor, dim = -1): Tensor {
  operand('softmax', 'x', x);
  return alongDim('softmax', x, dim, softmaxLines);
}

function softmaxLines(x: Tensor): Tensor {
  const k = kernels();
  const y = wrap(k.softmaxForward(operand('softmax', 'x', x)));
  if (!needsGrad([x])) return y;
  const saved = y.handle.share();
  return record('softmax', y, [x], [saved], (g) => [wrap(k.softmaxBackward(g.handle, saved))]);
}
