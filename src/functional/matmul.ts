import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/**
 * Matrix product with PyTorch's rules: a [..., M, K] times b [..., K, N] -> [..., M, N], the batch
 * dims broadcast; a 1-d a is a row [1, K] and a 1-d b a column [K, 1], whose added dim is dropped
 * from the result (two 1-d tensors give a 0-d dot product).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  operand('matmul', 'a', a);
  operand('matmul', 'b', b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new Error(`matmul: a and b must have at least 1 dim, got [${a.shape.join(',')}] and [${b.shape.join(',')}]`);
  }
  const a2 = a.ndim === 1 ? a.reshape([1, a.shape[0]]) : a;
  const b2 = b.ndim === 1 ? b.reshape([b.shape[0], 1]) : b;
  const y = matmul2d(a2, b2);
  if (a.ndim > 1 && b.ndim > 1) return y;
  const shape = y.shape.slice();
  if (b.ndim === 1) shape.pop();
  if (a.ndim === 1) shape.splice(shape.length - (b.ndim === 1 ? 1 : 2), 1);
  return y.reshape(shape);
}

function matmul2d(a: Tensor, b: Tensor): Tensor {
  const k = kernels();
  const ah = a.handle, bh = b.handle;
  const y = wrap(k.matmulForward(ah, bh));
  if (!needsGrad([a, b])) return y;
  const as = ah.share(), bs = bh.share();
  return record('matmul', y, [a, b], [as, bs], (g, needs) =>
    k.matmulBackward(g.handle, as, bs, [needs[0], needs[1]]).map((h) => (h === null ? null : wrap(h))));
}
