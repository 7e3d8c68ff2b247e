// Taking the native handles of an op's inputs, with errors that name the op.
import type { NativeTensor } from '../native';
import { Tensor } from '../tensor';

/** The handle of `t`; throws an Error naming the op, the argument and the tensor when it is not a live tensor. */
export function liveHandle(op: string, name: string, t: Tensor): NativeTensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: ${name} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (t.isDisposed) throw new Error(`${op}: ${name} [${t.shape.join(',')}] ${t.dtype} ${t.device} is disposed`);
  return t.handle;
}
