import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  const k = kernels();
  const y = wrap(k.reluForward(operand('relu', 'x', x)));
  if (!needsGrad([x])) return y;
  const saved = y.handle.share();
  return record('relu', y, [x], [saved], (g) => [wrap(k.reluBackward(g.handle, saved))]);
}
