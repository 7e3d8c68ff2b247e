import { show } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { checkDim } from './dims';

/**
 * x with its dims reordered: y.shape[d] = x.shape[dims[d]] (negative dims count from the end).
 * Tensors stay contiguous, so this copies; any dtype.
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const xh = operand('permute', 'x', x);
  if (!Array.isArray(dims) || dims.length !== x.ndim) {
    throw new Error(`permute: dims must list each of the ${x.ndim} dims of [${x.shape.join(',')}] once, got ${show(dims)}`);
  }
  const d = dims.map((v, i) => checkDim('permute', `dims[${i}]`, v, x));
  if (new Set(d).size !== d.length) throw new Error(`permute: dims ${show(dims)} name a dim twice for [${x.shape.join(',')}]`);
  const k = kernels();
  const y = wrap(k.permuteForward(xh, d));
  if (!needsGrad([x])) return y;
  return record('permute', y, [x], [], (g) => [wrap(k.permuteBackward(g.handle, d))]);
}

/** x with dims dim0 and dim1 swapped (a copy). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  operand('transpose', 'x', x);
  const a = checkDim('transpose', 'dim0', dim0, x);
  const b = checkDim('transpose', 'dim1', dim1, x);
  const order = x.shape.map((_, i) => i);
  order[a] = b;
  order[b] = a;
  return permute(x, order);
}
