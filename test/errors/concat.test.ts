// concat: empty lists, mismatched sizes, ranks, dtypes and devices, bad dims, disposed inputs.
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { concat } from '../../src/functional/concat';
import { isAvailable } from '../../src/backends';
import { Tensor } from '../../src/tensor';
import { rejects } from '../assertions';
import { cudaReason, skipUnless } from '../skip';

describe('concat errors', () => {
  it('rejects an empty list', () => {
    rejects(() => concat([]), /^concat: needs at least one tensor, got an empty list/);
    rejects(() => native.concatForward([], 1), /^concat: needs at least one tensor, got an empty list/);
    rejects(() => concat(undefined as unknown as Tensor[]), /^concat: needs at least one tensor/);
  });

  it('rejects sizes that differ outside dim', () => {
    rejects(() => concat([zeros([2, 3, 4]), zeros([2, 3, 5])]),
      /^concat: xs\[1\] \[2,3,5\] float32 cpu does not match xs\[0\] \[2,3,4\] float32 cpu in every dim but 1/);
    rejects(() => concat([zeros([2, 3, 4]), zeros([2, 3, 4]), zeros([3, 1, 4])]), /^concat: xs\[2\] \[3,1,4\]/);
    rejects(() => concat([zeros([2, 3]), zeros([2, 3, 1])]), /^concat: xs\[1\] \[2,3,1\] float32 cpu does not match xs\[0\] \[2,3\]/);
  });

  it('rejects mixed dtypes and int32', () => {
    rejects(() => concat([zeros([2, 3]), zeros([2, 3], { dtype: 'float64' })]),
      /^concat: xs\[1\] \[2,3\] float64 cpu and xs\[0\] \[2,3\] float32 cpu must have the same dtype/);
    rejects(() => concat([tensor([1], [1, 1], { dtype: 'int32' })]), /^concat: xs\[0\] must be float32 or float64, got \[1,1\] int32 cpu/);
  });

  it('rejects dims out of range and 0-d tensors', () => {
    rejects(() => concat([zeros([2, 3])], 2), /^concat: dim 2 out of range for xs\[0\] \[2,3\] \(expected -2 to 1\)/);
    rejects(() => concat([zeros([2, 3])], -3), /^concat: dim -3 out of range/);
    rejects(() => concat([zeros([2, 3])], 0.5), /^concat: dim 0.5 out of range/);
    rejects(() => native.concatForward([native.full([2, 3], 0, 'float32', 'cpu')], -1), /^concat: dim -1 out of range for xs\[0\] \[2,3\]/);
    rejects(() => native.concatForward([native.full([], 0, 'float32', 'cpu')], 0), /^concat: cannot join 0-d tensors/);
  });

  it('rejects disposed tensors and what is not a tensor', () => {
    const x = zeros([2, 3]);
    x.dispose();
    rejects(() => concat([zeros([2, 3]), x]), /^concat: xs\[1\] \[2,3\] float32 cpu is disposed/);
    rejects(() => concat([zeros([2, 3]), 5 as unknown as Tensor]), /^concat: xs\[1\] must be a Tensor, got number/);
    const h = native.full([2], 0, 'float32', 'cpu');
    h.dispose();
    rejects(() => native.concatForward([h], 0), /^concat: argument 1 \(xs\): expected live tensors \(element 0 is disposed\)/);
  });

  it('concat backward: sizes must add up to dy along dim', () => {
    const dy = native.full([2, 5], 1, 'float32', 'cpu');
    rejects(() => native.concatBackward(dy, [2, 2], 1), /^concat backward: sizes add up to 4 but dy \[2,5\] float32 cpu has 5 along dim 1/);
    rejects(() => native.concatBackward(dy, [], 1), /^concat backward: needs at least one size/);
    rejects(() => native.concatBackward(dy, [6, -1], 1), /^concat backward: sizes must be >= 0, got -1/);
    rejects(() => native.concatBackward(dy, [5], 2), /^concat backward: dim 2 out of range for dy \[2,5\]/);
  });

  it('rejects inputs on different devices', function () {
    skipUnless(this, isAvailable('cuda'), cudaReason());
    rejects(() => concat([zeros([2, 3]), zeros([2, 3], { device: 'cuda' })]),
      /^concat: xs\[1\] \[2,3\] float32 cuda and xs\[0\] \[2,3\] float32 cpu are on different devices/);
  });
});
