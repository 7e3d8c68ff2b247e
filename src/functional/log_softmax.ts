import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { alongDim } from './along_dim';

/**
 * log(softmax(x)) along `dim` (default the last), computed stably: (x - max) - log(sum exp(x - max)).
 */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  operand('logSoftmax', 'x', x);
  return alongDim('logSoftmax', x, dim, logSoftmaxLines);
}

function logSoftmaxLines(x: Tensor): Tensor {
  const k = kernels();
  const y = wrap(k.logSoftmaxForward(operand('logSoftmax', 'x', x)));
  if (!needsGrad([x])) return y;
  const saved = y.handle.share();
  return record('logSoftmax', y, [x], [saved], (g) => [wrap(k.logSoftmaxBackward(g.handle, saved))]);
}
