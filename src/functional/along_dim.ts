// Ops along one dim (softmax, logSoftmax: kernels over dim 1 of [outer, K, inner]) on any shape: the
// tensor is viewed as [outer, K, inner] (a reshape, no copy), K the size of the dim; [outer, K] when
// the dim is the last.
import { Tensor } from '../tensor';
import { checkDim } from './dims';

export function alongDim(op: string, x: Tensor, dim: number, lineOp: (lines: Tensor) => Tensor): Tensor {
  if (x.ndim === 0) {
    checkDim(op, 'dim', dim, x.reshape([1]));
    return lineOp(x.reshape([1, 1])).reshape([]);
  }
  const d = checkDim(op, 'dim', dim, x);
  const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
  const outer = product(x.shape.slice(0, d));
  const inner = product(x.shape.slice(d + 1));
  const k = x.shape[d];
  const view = inner === 1 ? [outer, k] : [outer, k, inner];
  return lineOp(x.reshape(view)).reshape(x.shape.slice());
}
