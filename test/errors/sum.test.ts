// sum: bad dims (range, duplicates, types), bad gradients, dtypes and disposal.
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { sum } from '../../src/functional/sum';
import { rejects } from '../assertions';

describe('sum errors', () => {
  const x = zeros([2, 3]);

  it('rejects dims out of range', () => {
    rejects(() => sum(x, { dims: [2] }), /^sum: dim 2 out of range for \[2,3\] \(expected -2 to 1\)/);
    rejects(() => sum(x, { dims: [-3] }), /^sum: dim -3 out of range for \[2,3\]/);
    rejects(() => sum(zeros([]), { dims: [0] }), /^sum: dim 0 out of range for \[\]/);
    // The native entry takes non-negative dims only (the functional op normalizes them).
    rejects(() => native.sumForward(x.handle, [-1], false), /^sum: dim -1 out of range for shape \[2,3\]/);
    rejects(() => native.sumForward(x.handle, [5], false), /^sum: dim 5 out of range/);
  });

  it('rejects a dim given twice', () => {
    rejects(() => sum(x, { dims: [1, -1] }), /^sum: dim 1 given twice/, /\[2,3\]/);
    rejects(() => native.sumForward(x.handle, [0, 0], false), /^sum: dim 0 given twice/);
  });

  it('rejects dims that are not integers', () => {
    rejects(() => sum(x, { dims: [0.5] }), /^sum: dims must be integers, got 0.5/);
    rejects(() => sum(x, { dims: 1 as unknown as number[] }), /^sum: dims must be an array of integers/);
    rejects(() => native.sumForward(x.handle, [0.5], false), /^sum: argument 2 \(dims\): expected an array of integers/);
  });

  it('sums int32 into int64 (PyTorch\'s rule) and rejects disposed tensors', () => {
    const s = sum(tensor([1, 2], [2], { dtype: 'int32' }));
    if (s.dtype !== 'int64' || s.item() !== 3) throw new Error(`sum of int32 [1, 2]: got ${s.dtype} ${s.item()}`);
    const y = zeros([4]);
    y.dispose();
    rejects(() => sum(y), /^sum: x \[4\] float32 cpu is disposed/);
  });

  it('sum backward: dy must have the reduced shape', () => {
    const dy = native.full([3], 1, 'float32', 'cpu');
    rejects(() => native.sumBackward(dy, [2, 3], [1], false), /^sum backward: dy must have shape \[2\], got \[3\] float32 cpu/);
    rejects(() => native.sumBackward(dy, [2, 3], [1], true), /^sum backward: dy must have shape \[2,1\]/);
    rejects(() => native.sumBackward(dy, [2, 3], [2], false), /^sum backward: dim 2 out of range for shape \[2,3\]/);
  });
});
