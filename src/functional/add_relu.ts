import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/**
 * relu(a + b) in one pass, a and b of one shape: the end of a residual block. The gradient of
 * both is dy where the output is positive; a and b get two handles on that one tensor (autograd
 * copies a shared gradient before it adds into it).
 */
export function addRelu(a: Tensor, b: Tensor): Tensor {
  const k = kernels();
  const y = wrap(k.addReluForward(operand('addRelu', 'a', a), operand('addRelu', 'b', b)));
  if (!needsGrad([a, b])) return y;
  const saved = y.handle.share();
  return record('addRelu', y, [a, b], [saved], (g, needs) => {
    const d = wrap(k.addReluBackward(g.handle, saved));
    if (needs[0] && needs[1]) return [d, wrap(d.handle.share())];
    return [needs[0] ? d : null, needs[1] ? d : null];
  });
}
