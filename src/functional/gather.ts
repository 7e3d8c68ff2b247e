import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { checkDim } from './dims';

/**
 * torch.gather: y has index's shape, y[i][j][k] = x[i][index[i][j][k]][k] for dim 1 (likewise for
 * the other dims). index: int32 or int64, as many dims as x, no larger than x but along dim. The gradient
 * adds up where indices repeat.
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const xh = operand('gather', 'x', x);
  const d = checkDim('gather', 'dim', dim, x);
  const ih = operand('gather', 'index', index);
  const k = kernels();
  const y = wrap(k.gatherForward(xh, d, ih));
  if (!needsGrad([x])) return y;
  const is = ih.share();
  const from = x.shape.slice();
  return record('gather', y, [x], [is], (g) => [wrap(k.gatherBackward(g.handle, from, d, is))]);
}
