import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/** log(softmax(x)) over dim 1 of a 2-d [N, K] x, computed stably (the row maximum subtracted first). */
export function logSoftmax(x: Tensor): Tensor {
  const k = kernels();
  const y = wrap(k.logSoftmaxForward(operand('logSoftmax', 'x', x)));
  if (!needsGrad([x])) return y;
  const saved = y.handle.share();
  return record('logSoftmax', y, [x], [saved], (g) => [wrap(k.logSoftmaxBackward(g.handle, saved))]);
}
