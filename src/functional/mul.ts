import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/**
 * a * b, elementwise. b has a's shape, or is a channel broadcast [1, C, 1, 1] or [N, C, 1, 1]
 * against a 4-d a = [N, C, H, W] (squeeze-and-excitation scales); any other shape is an Error.
 */
export function mul(a: Tensor, b: Tensor): Tensor {
  const k = kernels();
  const ha = operand('mul', 'a', a), hb = operand('mul', 'b', b);
  const y = wrap(k.mulForward(ha, hb));
  if (!needsGrad([a, b])) return y;
  const sa = ha.share(), sb = hb.share();
  return record('mul', y, [a, b], [sa, sb], (g, needs) => {
    const [da, db] = k.mulBackward(g.handle, sa, sb, needs);
    return [da ? wrap(da) : null, db ? wrap(db) : null];
  });
}
