// Comparisons with broadcasting and type promotion: bool tensors, no gradient.
import { binaryOp } from './binary';
import type { Operand } from './elementwise';
import type { Tensor } from '../tensor';

/** a == b, elementwise (bool). */
export function eq(a: Operand, b: Operand): Tensor {
  return binaryOp('eq', a, b);
}

/** a != b, elementwise (bool; true where either is NaN). */
export function ne(a: Operand, b: Operand): Tensor {
  return binaryOp('ne', a, b);
}

/** a < b, elementwise (bool). */
export function lt(a: Operand, b: Operand): Tensor {
  return binaryOp('lt', a, b);
}

/** a <= b, elementwise (bool). */
export function le(a: Operand, b: Operand): Tensor {
  return binaryOp('le', a, b);
}

/** a > b, elementwise (bool). */
export function gt(a: Operand, b: Operand): Tensor {
  return binaryOp('gt', a, b);
}

/** a >= b, elementwise (bool). */
export function ge(a: Operand, b: Operand): Tensor {
  return binaryOp('ge', a, b);
}
