// Bad arguments of indexSelect, gather, maskedFill and layerNorm: Errors that name the op and show
// the shapes; out-of-range index values are refused before any kernel reads them.
import { indexSelect } from '../../src/functional/index_select';
import { gather } from '../../src/functional/gather';
import { maskedFill } from '../../src/functional/masked_fill';
import { layerNorm } from '../../src/functional/layer_norm';
import { tensor, zeros } from '../../src/creation';
import { native } from '../../src/native';
import { tidy } from '../../src/scope';
import { rejects } from '../assertions';

const t = (shape: number[]) => zeros(shape);
const ints = (values: number[], shape = [values.length]) => tensor(values, shape, { dtype: 'int32' });

describe('indexing and layerNorm errors', () => {
  it('indexSelect: index dtype, rank and values', () => tidy(() => {
    rejects(() => indexSelect(t([3, 2]), 0, t([2])), /^indexSelect: index must be int32 or int64, got \[2\] float32 cpu/);
    rejects(() => indexSelect(t([3, 2]), 0, ints([0, 1], [1, 2])), /^indexSelect: index must be 1-d, got \[1,2\] int32 cpu/);
    rejects(() => indexSelect(t([3, 2]), 0, ints([0, 3])), /^indexSelect: index \[2\] int32 cpu holds 3 at element 1, outside \[0, 3\) \(dim 0 of \[3,2\] float32 cpu\)/);
    rejects(() => indexSelect(t([3, 2]), 0, ints([-1])), /^indexSelect: index \[1\] int32 cpu holds -1 at element 0/);
    rejects(() => indexSelect(t([3, 2]), 2, ints([0])), /^indexSelect: dim must be an integer in \[-2, 1\] for \[3,2\], got 2/);
    rejects(() => indexSelect(ints([1, 2]), 0, ints([0])), /^indexSelect: x must be float32 or float64, got \[2\] int32 cpu/);
    rejects(() => native.indexSelectBackward(native.full([3, 2], 0, 'float32', 'cpu'), [3, 2], 0, ints([0, 1]).handle), /^indexSelect backward: dy must have shape \[2,2\], got \[3,2\] float32 cpu/);
  }));

  it('gather: index rank, sizes and values', () => tidy(() => {
    rejects(() => gather(t([3, 2]), 1, ints([0, 1])), /^gather: index must have as many dims as x, got \[2\] int32 cpu and x \[3,2\] float32 cpu/);
    rejects(() => gather(t([3, 2]), 1, ints([0, 1, 0, 1, 0, 1, 0, 1], [4, 2])), /^gather: index \[4,2\] int32 cpu is larger than x \[3,2\] float32 cpu in dim 0/);
    rejects(() => gather(t([3, 2]), 1, ints([0, 2], [1, 2])), /^gather: index \[1,2\] int32 cpu holds 2 at element 1, outside \[0, 2\)/);
  }));

  it('maskedFill: mask dtype and shape, value', () => tidy(() => {
    rejects(() => maskedFill(t([2, 3]), t([2, 3]), 0), /^maskedFill: mask must be bool, int32 or int64, got \[2,3\] float32 cpu/);
    rejects(() => maskedFill(t([2, 3]), ints([1, 0], [2]), 0), /^maskedFill: mask \[2\] does not broadcast to x \[2,3\]/);
    rejects(() => maskedFill(t([2, 3]), ints([1, 0, 1], [3]), '1' as never), /^maskedFill: value must be a number, got "1"/);
    rejects(() => native.maskedFillForward(native.full([2], 0, 'float32', 'cpu'), ints([1, 0, 1]).handle, 0), /^maskedFill: mask must have x's shape, got \[3\] int32 cpu and x \[2\] float32 cpu/);
  }));

  it('layerNorm: shapes, parameters, eps', () => tidy(() => {
    rejects(() => layerNorm(t([2, 3]), [2]), /^layerNorm: x \[2,3\] does not end in normalizedShape \[2\]/);
    rejects(() => layerNorm(t([2, 3]), 0), /^layerNorm: normalizedShape must be an integer >= 1 or a non-empty array of them, got 0/);
    rejects(() => layerNorm(t([2, 3]), 3, t([4])), /^layerNorm: weight \[4\] must have normalizedShape \[3\]/);
    rejects(() => layerNorm(t([2, 3]), 3, null, null, 0), /^layerNorm: eps must be a finite number > 0, got 0/);
    rejects(() => layerNorm(ints([1, 2], [1, 2]), 2), /^layerNorm: x must be float32 or float64, got \[1,2\] int32 cpu/);
    rejects(() => native.layerNormForward(native.full([2, 3], 0, 'float32', 'cpu'), null, null, 4, 1e-5), /^layerNorm: x \[2,3\] float32 cpu does not end in dims of 4 elements in all/);
  }));
});
