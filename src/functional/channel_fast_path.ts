// Whether add or mul can take their layout-keeping kernels (addForward, mulForward: the residual
// and squeeze-and-excitation paths of the networks, which read nChw16c as it is): two live float
// tensors of one dtype, b of a's shape or a channel broadcast [1 or N, C, 1, 1] of a 4-d a. Every
// other call takes the general broadcasting family (binaryForward).
import { isFloatDType } from '../dtypes';
import { Tensor } from '../tensor';
import type { Operand } from './elementwise';

export function takesChannelPath(a: Operand, b: Operand): a is Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor) || a.isDisposed || b.isDisposed) return false;
  if (a.dtype !== b.dtype || !isFloatDType(a.dtype)) return false;
  const sa = a.shape, sb = b.shape;
  if (sa.length === sb.length && sa.every((d, i) => d === sb[i])) return true;
  return sa.length === 4 && sb.length === 4 && (sb[0] === 1 || sb[0] === sa[0]) && sb[1] === sa[1] && sb[2] === 1 && sb[3] === 1;
}
