import { show } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/**
 * Joins tensors along `dim` (default 1: channels of NCHW); every other size must agree, and so
 * must dtypes and devices. Each input that requires grad gets its slice of the gradient.
 */
export function concat(xs: Tensor[], dim = 1): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new Error('concat: needs at least one tensor, got an empty list');
  const handles = xs.map((x, i) => operand('concat', `xs[${i}]`, x));
  const ndim = xs[0].ndim;
  if (!Number.isInteger(dim) || dim < -ndim || dim >= ndim) {
    throw new Error(`concat: dim ${show(dim)} out of range for xs[0] [${xs[0].shape.join(',')}] (expected ${-ndim} to ${ndim - 1})`);
  }
  const d = dim < 0 ? dim + ndim : dim;
  const k = kernels();
  const y = wrap(k.concatForward(handles, d));
  if (!needsGrad(xs)) return y;
  const sizes = xs.map((x) => x.shape[d]);
  return record('concat', y, xs, [], (g, needs) => k.concatBackward(g.handle, sizes, d).map((piece, i) => {
    if (needs[i]) return wrap(piece);
    piece.dispose();
    return null;
  }));
}
