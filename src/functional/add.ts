import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { binaryOp } from './binary';
import { takesChannelPath } from './channel_fast_path';
import type { Operand } from './elementwise';

/**
 * a + b, with NumPy broadcasting and type promotion; a number stands for a 0-d tensor. b of a's
 * shape, or a channel broadcast [1, C, 1, 1] or [N, C, 1, 1] of a 4-d a, keeps a's layout.
 */
export function add(a: Operand, b: Operand): Tensor {
  return takesChannelPath(a, b) ? addKeepingLayout(a, b as Tensor) : binaryOp('add', a, b);
}

function addKeepingLayout(a: Tensor, b: Tensor): Tensor {
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
