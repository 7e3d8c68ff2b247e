// TF32 tensor-core math on CUDA for float32 convolutions and matrix products: faster, with about
// 10 bits of mantissa in the products instead of 23. On by default; float64 never uses it.
import { native } from './native';

/** Throws why CUDA is unavailable, when it is. */
export function setTF32(on: boolean): void {
  native.setTF32(on);
}

/** Throws why CUDA is unavailable, when it is. */
export function getTF32(): boolean {
  return native.getTF32();
}
