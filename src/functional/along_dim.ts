// Row ops (softmax, logSoftmax: kernels over dim 1 of [rows, K]) along any dim: the dim is moved
// last (a transpose, which copies) when it is not already, and the others are flattened into rows.
import { Tensor } from '../tensor';
import { checkDim } from './dims';
import { transpose } from './permute';

export function alongDim(op: string, x: Tensor, dim: number, rowOp: (rows: Tensor) => Tensor): Tensor {
  if (x.ndim === 0) {
    checkDim(op, 'dim', dim, x.reshape([1]));
    return rowOp(x.reshape([1, 1])).reshape([]);
  }
  const d = checkDim(op, 'dim', dim, x);
  const last = x.ndim - 1;
  const moved = d === last ? x : transpose(x, d, last);
  const k = moved.shape[last];
  const rows = moved.shape.slice(0, last).reduce((a, b) => a * b, 1);
  const y = rowOp(moved.reshape([rows, k])).reshape(moved.shape.slice());
  return d === last ? y : transpose(y, d, last);
}
