// Dim arguments of the shape ops: integers in [-ndim, ndim), negative counting from the end.
import { show } from '../check';
import { Tensor } from '../tensor';

/** `dim` checked against an ndim-d tensor and made non-negative (`ndim` is x.ndim + 1 for unsqueeze). */
export function checkDim(op: string, arg: string, dim: unknown, x: Tensor, ndim = x.ndim): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < -ndim || dim >= ndim) {
    const range = ndim === 0 ? 'no dim (x is 0-d)' : `an integer in [${-ndim}, ${ndim - 1}]`;
    throw new Error(`${op}: ${arg} must be ${range} for [${x.shape.join(',')}], got ${show(dim)}`);
  }
  return dim < 0 ? dim + ndim : dim;
}

/** A list of tensors (at least one). */
export function checkTensorList(op: string, arg: string, xs: unknown): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) throw new Error(`${op}: ${arg} must be a non-empty array of Tensors, got ${show(xs)}`);
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new TypeError(`${op}: ${arg}[${i}] must be a Tensor, got ${show(x)}`);
    if (x.isDisposed) throw new Error(`${op}: ${arg}[${i}] [${x.shape.join(',')}] ${x.dtype} ${x.device} is disposed`);
  });
  return xs as Tensor[];
}
