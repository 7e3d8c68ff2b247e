// TF32 tensor-core math on CUDA for float32 convolutions and matrix products: faster, with about
// 10 bits of mantissa in the products instead of 23. On by default; float64 never uses it.
import { checkBool } from './check';
import { requireDevice } from './backends';
import { native } from './native';

/** Throws why CUDA is unavailable, when it is. */
export function setTF32(on: boolean): void {
  checkBool('setTF32', 'on', on);
  requireDevice('cuda', 'setTF32');
  native.setTF32(on);
}

/** Throws why CUDA is unavailable, when it is. */
export function getTF32(): boolean {
  requireDevice('cuda', 'getTF32');
  return native.getTF32();
}
