import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/** 1 / (1 + exp(-x)), without overflow for any x; the backward uses the output (y (1 - y)). */
export function sigmoid(x: Tensor): Tensor {
  const k = kernels();
  const y = wrap(k.sigmoidForward(operand('sigmoid', 'x', x)));
  if (!needsGrad([x])) return y;
  const saved = y.handle.share();
  return record('sigmoid', y, [x], [saved], (g) => [wrap(k.sigmoidBackward(g.handle, saved))]);
}
