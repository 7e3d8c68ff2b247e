// The dtypes and PyTorch's promotion rules between them (docs/tensors.md, "Dtypes and promotion").
import type { DType, FloatDType } from './native';
import { checkOneOf } from './check';

/** Every dtype, lowest category first: bool < int32 < int64 < float32 < float64. */
export const DTYPES: readonly DType[] = ['bool', 'int32', 'int64', 'float32', 'float64'];
export const FLOAT_DTYPES: readonly FloatDType[] = ['float32', 'float64'];

export function isFloatDType(d: DType): d is FloatDType {
  return d === 'float32' || d === 'float64';
}

export function isIntDType(d: DType): boolean {
  return d === 'int32' || d === 'int64';
}

/** The dtype two tensors of dtypes a and b are computed in: the higher of the two on the ladder. */
export function promoteTypes(a: DType, b: DType): DType {
  checkOneOf('promoteTypes', 'a', a, DTYPES);
  checkOneOf('promoteTypes', 'b', b, DTYPES);
  return DTYPES.indexOf(a) >= DTYPES.indexOf(b) ? a : b;
}

/**
 * The dtype a tensor of dtype t and a JavaScript number v are computed in. A number does not raise
 * a float tensor's dtype (x.mul(2) stays float32); an integer number keeps an integer tensor's
 * dtype and makes a bool tensor int64; a fractional (or non-finite) number makes an integer or
 * bool tensor float32, as PyTorch's default dtype.
 */
export function promoteWithScalar(t: DType, v: number): DType {
  if (isFloatDType(t)) return t;
  if (!Number.isInteger(v)) return 'float32';
  return t === 'bool' ? 'int64' : t;
}
