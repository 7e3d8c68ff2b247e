import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { binaryOp } from './binary';
import { takesChannelPath } from './channel_fast_path';
import type { Operand } from './elementwise';

/**
 * a * b, elementwise, with NumPy broadcasting and type promotion; a number stands for a 0-d
 * tensor. b of a's shape, or a channel broadcast [1, C, 1, 1] or [N, C, 1, 1] of a 4-d a
 * (squeeze-and-excitation scales), keeps a's layout.
 */
export function mul(a: Operand, b: Operand): Tensor {
  return takesChannelPath(a, b) ? mulKeepingLayout(a, b as Tensor) : binaryOp('mul', a, b);
}

function mulKeepingLayout(a: Tensor, b: Tensor): Tensor {
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
