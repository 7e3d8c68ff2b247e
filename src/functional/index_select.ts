import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { checkDim } from './dims';

/**
 * The entries `index` (an int32 or int64 1-d tensor, values in [0, x.shape[dim])) of x along `dim`:
 * torch.index_select. The gradient adds up where an index repeats.
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const xh = operand('indexSelect', 'x', x);
  const d = checkDim('indexSelect', 'dim', dim, x);
  const ih = operand('indexSelect', 'index', index);
  const k = kernels();
  const y = wrap(k.indexSelectForward(xh, d, ih));
  if (!needsGrad([x])) return y;
  const is = ih.share();
  const from = x.shape.slice();
  return record('indexSelect', y, [x], [is], (g) => [wrap(k.indexSelectBackward(g.handle, from, d, is))]);
}
