// Comparisons with broadcasting and type promotion: bool tensors, no gradient.
import { binaryFunction } from './binary';

/** a == b, elementwise (bool). */
export const eq = binaryFunction('eq');
/** a != b, elementwise (bool; true where either is NaN). */
export const ne = binaryFunction('ne');
/** a < b, elementwise (bool). */
export const lt = binaryFunction('lt');
/** a <= b, elementwise (bool). */
export const le = binaryFunction('le');
/** a > b, elementwise (bool). */
export const gt = binaryFunction('gt');
/** a >= b, elementwise (bool). */
export const ge = binaryFunction('ge');
