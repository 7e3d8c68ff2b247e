// Tensor methods of the shape, indexing and linear algebra ops (docs/tensors.md): each calls the
// functional op of the same name. Loaded by src/tensor.ts, after the class is defined.
import { Tensor } from './tensor';
import { matmul } from './functional/matmul';
import { softmax } from './functional/softmax';
import { logSoftmax } from './functional/log_softmax';
import { permute, transpose } from './functional/permute';
import { expand } from './functional/expand';
import { slice } from './functional/slice';
import { index, IndexEntry } from './functional/indexing';
import { squeeze, unsqueeze, split, chunk } from './functional/shape';
import { gather } from './functional/gather';
import { indexSelect } from './functional/index_select';
import { maskedFill } from './functional/masked_fill';

declare module './tensor' {
  interface Tensor {
    /** reshape under PyTorch's other name: same storage, new shape. */
    view(shape: readonly number[]): Tensor;
    /** This tensor: mssar's tensors are always contiguous. */
    contiguous(): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    permute(dims: readonly number[]): Tensor;
    expand(shape: readonly number[]): Tensor;
    slice(dim: number, start?: number | null, end?: number | null, step?: number | null): Tensor;
    index(spec: readonly IndexEntry[]): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    maskedFill(mask: Tensor, value: number): Tensor;
    squeeze(dim?: number): Tensor;
    unsqueeze(dim: number): Tensor;
    split(sizes: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    matmul(other: Tensor): Tensor;
    softmax(dim?: number): Tensor;
    logSoftmax(dim?: number): Tensor;
  }
}

const methods: Partial<Record<keyof Tensor, unknown>> = {
  view(this: Tensor, shape: readonly number[]) { return this.reshape(shape); },
  contiguous(this: Tensor) { return this; },
  transpose(this: Tensor, dim0: number, dim1: number) { return transpose(this, dim0, dim1); },
  permute(this: Tensor, dims: readonly number[]) { return permute(this, dims); },
  expand(this: Tensor, shape: readonly number[]) { return expand(this, shape); },
  slice(this: Tensor, dim: number, start?: number | null, end?: number | null, step?: number | null) { return slice(this, dim, start, end, step); },
  index(this: Tensor, spec: readonly IndexEntry[]) { return index(this, spec); },
  gather(this: Tensor, dim: number, idx: Tensor) { return gather(this, dim, idx); },
  indexSelect(this: Tensor, dim: number, idx: Tensor) { return indexSelect(this, dim, idx); },
  maskedFill(this: Tensor, mask: Tensor, value: number) { return maskedFill(this, mask, value); },
  squeeze(this: Tensor, dim?: number) { return squeeze(this, dim); },
  unsqueeze(this: Tensor, dim: number) { return unsqueeze(this, dim); },
  split(this: Tensor, sizes: number | readonly number[], dim?: number) { return split(this, sizes, dim); },
  chunk(this: Tensor, chunks: number, dim?: number) { return chunk(this, chunks, dim); },
  matmul(this: Tensor, other: Tensor) { return matmul(this, other); },
  softmax(this: Tensor, dim?: number) { return softmax(this, dim); },
  logSoftmax(this: Tensor, dim?: number) { return logSoftmax(this, dim); },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
