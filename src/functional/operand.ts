// Argument checks shared by the functional ops: a tensor argument's native handle, or an Error that
// names the op and the argument.
import { NativeTensor } from '../native';
import { Tensor } from '../tensor';

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** The live native handle of tensor argument `name` of `op`. */
export function operand(op: string, name: string, t: unknown): NativeTensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: ${name} must be a Tensor, got ${describeValue(t)}`);
  if (t.isDisposed) throw new Error(`${op}: ${name} [${t.shape.join(',')}] ${t.dtype} ${t.device} is disposed`);
  return t.handle;
}

/**
 * `dims` checked against an ndim-d tensor and made non-negative: integers in [-ndim, ndim), each
 * dim at most once.
 */
export function normalizeDims(op: string, shape: readonly number[], dims: readonly number[]): number[] {
  if (!Array.isArray(dims)) throw new TypeError(`${op}: dims must be an array of integers, got ${describeValue(dims)}`);
  const ndim = shape.length;
  const out: number[] = [];
  for (const d of dims) {
    if (!Number.isInteger(d)) throw new TypeError(`${op}: dims must be integers, got ${String(d)}`);
    if (d < -ndim || d >= ndim) {
      throw new Error(`${op}: dim ${d} out of range for [${shape.join(',')}] (expected ${-ndim} to ${ndim - 1})`);
    }
    const n = d < 0 ? d + ndim : d;
    if (out.includes(n)) throw new Error(`${op}: dim ${n} given twice in [${dims.join(', ')}] for [${shape.join(',')}]`);
    out.push(n);
  }
  return out;
}
