import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/**
 * a + b. b has a's shape, or is a channel broadcast [1, C, 1, 1] or [N, C, 1, 1] against a 4-d
 * a = [N, C, H, W]; any other shape is an Error.
 */
export function add(a: Tensor, b: Tensor): Tensor {
  const k = kernels();
  const y = wrap(k.addForward(operand('add', 'a', a), operand('add', 'b', b)));
  if (!needsGrad([a, b])) return y;
  const bShape = b.shape.slice();
  // a's gradient is dy itself, passed on as a second handle (no copy); b's is dy reduced to b's
  // shape, a fresh tensor even when the shapes agree, so two leaves never share one gradient.
  return record('add', y, [a, b], [], (g, needs) => [
    needs[0] ? wrap(g.handle.share()) : null,
    needs[1] ? wrap(k.addBackward(g.handle, bShape)) : null,
  ]);
}
