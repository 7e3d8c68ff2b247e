import { Tensor } from '../tensor';
import { operand } from './operand';
import { indexSelect } from './index_select';

/**
 * Rows of weight [num, dim] picked by ids (int32, any shape, values in [0, num)) -> [...ids.shape, dim]:
 * torch.nn.functional.embedding. indexSelect along dim 0, so the gradient adds up over repeated ids.
 */
export function embedding(ids: Tensor, weight: Tensor): Tensor {
  operand('embedding', 'ids', ids);
  operand('embedding', 'weight', weight);
  if (weight.ndim !== 2) throw new Error(`embedding: weight must be 2-d [num, dim], got [${weight.shape.join(',')}]`);
  if (ids.dtype !== 'int32' && ids.dtype !== 'int64') throw new Error(`embedding: ids must be int32 or int64, got [${ids.shape.join(',')}] ${ids.dtype} ${ids.device}`);
  const rows = indexSelect(weight, 0, ids.reshape([ids.size]));
  return rows.reshape([...ids.shape, weight.shape[1]]);
}
