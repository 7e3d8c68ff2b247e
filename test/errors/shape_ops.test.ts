// Bad arguments of the shape and indexing ops (permute, transpose, expand, slice, index, squeeze,
// unsqueeze, cat, stack, split, chunk) and of softmax: Errors that name the op and show the shapes.
import { permute, transpose } from '../../src/functional/permute';
import { expand } from '../../src/functional/expand';
import { slice } from '../../src/functional/slice';
import { index } from '../../src/functional/indexing';
import { squeeze, unsqueeze, cat, stack, split, chunk } from '../../src/functional/shape';
import { softmax } from '../../src/functional/softmax';
import { tensor, zeros } from '../../src/creation';
import { native } from '../../src/native';
import { tidy } from '../../src/scope';
import { rejects } from '../assertions';

const t = (shape: number[]) => zeros(shape);

describe('shape and indexing op errors', () => {
  it('permute: dims must be a permutation', () => tidy(() => {
    rejects(() => permute(t([2, 3]), [0]), /^permute: dims must list each of the 2 dims of \[2,3\] once, got \[0\]/);
    rejects(() => permute(t([2, 3]), [0, 0]), /^permute: dims \[0,0\] name a dim twice for \[2,3\]/);
    rejects(() => permute(t([2, 3]), [0, 2]), /^permute: dims\[1\] must be an integer in \[-2, 1\] for \[2,3\], got 2/);
    rejects(() => native.permuteForward(native.full([2, 3], 0, 'float32', 'cpu'), [1, 1]), /^permute: dim 1 given twice for \[2,3\] float32 cpu/);
    rejects(() => native.permuteBackward(native.full([2, 3], 0, 'int32', 'cpu'), [1, 0]), /^permute backward: dy must be float32 or float64, got \[2,3\] int32 cpu/);
  }));

  it('transpose: dims in range', () => tidy(() => {
    rejects(() => transpose(t([2, 3]), 0, 2), /^transpose: dim1 must be an integer in \[-2, 1\] for \[2,3\], got 2/);
    rejects(() => transpose(t([]), 0, 0), /^transpose: dim0 must be no dim \(x is 0-d\) for \[\], got 0/);
  }));

  it('expand: only size-1 dims repeat', () => tidy(() => {
    rejects(() => expand(t([2, 3]), [4, 3]), /^expand: cannot expand \[2,3\] float32 cpu to \[4,3\] \(dim 0 has size 2, which is neither 4 nor 1\)/);
    rejects(() => expand(t([2, 3]), [3]), /^expand: shape must be an array of at least 2 integers >= -1 for \[2,3\], got \[3\]/);
    rejects(() => expand(t([3]), [-1, 3]), /^expand: -1 at dim 0 of \[-1,3\] names no dim of \[3\]/);
    rejects(() => native.expandBackward(native.full([2, 3], 0, 'float32', 'cpu'), [4]), /^expand backward: cannot expand \[4\] to \[2,3\]/);
  }));

  it('slice: dim and step', () => tidy(() => {
    rejects(() => slice(t([4]), 1, 0, 2), /^slice: dim must be an integer in \[-1, 0\] for \[4\], got 1/);
    rejects(() => slice(t([4]), 0, 0, 2, 0), /^slice: step must be an integer >= 1, got 0/);
    rejects(() => slice(t([4]), 0, 0.5, 2), /^slice: start must be an integer or null, got 0.5/);
    rejects(() => native.sliceForward(native.full([4], 0, 'float32', 'cpu'), 0, 3, 2, 1), /^slice: range 3 to 2 must lie in 0 to 4 \(dim 0 of \[4\] float32 cpu\) with start <= end/);
    rejects(() => native.sliceBackward(native.full([3], 0, 'float32', 'cpu'), [4], 0, 0, 4, 2), /^slice backward: dy must have shape \[2\], got \[3\] float32 cpu/);
  }));

  it('index: entries', () => tidy(() => {
    rejects(() => index(t([2, 3]), [0, 0, 0]), /^index: spec must be an array of at most 2 entries for \[2,3\]/);
    rejects(() => index(t([2, 3]), [2]), /^index: spec\[0\] must be an integer in \[-2, 1\] for dim 0 of \[2,3\], got 2/);
    rejects(() => index(t([2, 3]), [null, 'a' as never]), /^index: spec\[1\] must be null, an integer or \[start, end\?, step\?\], got "a"/);
    rejects(() => index(t([2, 3]), [null, [0, 2, -1]]), /^index: spec\[1\]: step must be an integer >= 1, got -1/);
  }));

  it('squeeze, unsqueeze: dims in range', () => tidy(() => {
    rejects(() => squeeze(t([1, 3]), 2), /^squeeze: dim must be an integer in \[-2, 1\] for \[1,3\], got 2/);
    rejects(() => unsqueeze(t([1, 3]), 3), /^unsqueeze: dim must be an integer in \[-3, 2\] for \[1,3\], got 3/);
  }));

  it('cat, stack: lists of tensors that agree', () => tidy(() => {
    rejects(() => cat([]), /^cat: xs must be a non-empty array of Tensors, got \[\]/);
    rejects(() => cat([t([2]), 3 as never]), /^cat: xs\[1\] must be a Tensor, got 3/);
    rejects(() => cat([t([2, 3]), t([2, 4])]), /^cat: xs\[1\] \[2,4\] float32 cpu does not match xs\[0\] \[2,3\] float32 cpu in dtype, device and every dim but 0/);
    rejects(() => stack([t([2]), zeros([2], { dtype: 'float64' })]), /^stack: xs\[1\] \[2\] float64 cpu does not match/);
    rejects(() => stack([t([2, 3]), t([3, 2])]), /^stack: xs\[1\] \[3,2\] does not have the shape of xs\[0\] \[2,3\]/);
    rejects(() => stack([t([2])], 2), /^stack: dim must be an integer in \[-2, 1\] for \[2\], got 2/);
  }));

  it('split, chunk: sizes', () => tidy(() => {
    rejects(() => split(t([5]), [2, 2]), /^split: sizes \[2,2\] add up to 4, but dim 0 of \[5\] has 5/);
    rejects(() => split(t([5]), 0), /^split: sizes must be an integer >= 1 or an array of integers >= 0, got 0/);
    rejects(() => chunk(t([5]), 0), /^chunk: chunks must be an integer >= 1, got 0/);
  }));

  it('softmax: float tensors, dims in range', () => tidy(() => {
    rejects(() => softmax(t([2, 3]), 2), /^softmax: dim must be an integer in \[-2, 1\] for \[2,3\], got 2/);
    rejects(() => softmax(tensor([1, 2], [1, 2], { dtype: 'int32' })), /^softmax: x must be float32 or float64, got \[1,2\] int32 cpu/);
    const y = native.full([2, 3], 0.5, 'float32', 'cpu');
    rejects(() => native.softmaxBackward(native.full([2, 4], 1, 'float32', 'cpu'), y), /^softmax backward: y and dy must have the same shape/);
  }));
});
