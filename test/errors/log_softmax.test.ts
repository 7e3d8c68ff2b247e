// logSoftmax: float tensors, a dim in range (the kernels take 2-d [N, K] or 3-d [outer, K, inner]); backward shapes
// and dtypes must agree.
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { logSoftmax } from '../../src/functional/log_softmax';
import { rejects } from '../assertions';

describe('logSoftmax errors', () => {
  it('takes a dim in range (any shape)', () => {
    rejects(() => logSoftmax(zeros([2, 3, 4]), 3), /^logSoftmax: dim must be an integer in \[-3, 2\] for \[2,3,4\], got 3/);
    rejects(() => logSoftmax(zeros([5]), -2), /^logSoftmax: dim must be an integer in \[-1, 0\] for \[5\], got -2/);
    rejects(() => logSoftmax(zeros([5]), 0.5), /^logSoftmax: dim must be an integer in \[-1, 0\] for \[5\], got 0.5/);
  });

  it('the kernel entry takes 2-d [N, K] or 3-d [outer, K, inner] tensors only', () => {
    rejects(() => native.logSoftmaxForward(native.full([2, 3, 4, 5], 0, 'float32', 'cpu')),
      /^logSoftmax: x must be 2-d \[N, K\] or 3-d \[outer, K, inner\], got \[2,3,4,5\] float32 cpu/);
    rejects(() => native.softmaxForward(native.full([6], 0, 'float32', 'cpu')),
      /^softmax: x must be 2-d \[N, K\] or 3-d \[outer, K, inner\], got \[6\] float32 cpu/);
  });

  it('rejects int32 and disposed tensors', () => {
    rejects(() => logSoftmax(tensor([1, 2], [1, 2], { dtype: 'int32' })), /^logSoftmax: x must be float32 or float64, got \[1,2\] int32 cpu/);
    const x = zeros([2, 2]);
    x.dispose();
    rejects(() => logSoftmax(x), /^logSoftmax: x \[2,2\] float32 cpu is disposed/);
  });

  it('backward: dy must match y', () => {
    const y = native.full([2, 3], -1, 'float32', 'cpu');
    rejects(() => native.logSoftmaxBackward(native.full([2, 4], 1, 'float32', 'cpu'), y),
      /^logSoftmax backward: y and dy must have the same shape, got \[2,3\] float32 cpu and \[2,4\] float32 cpu/);
    rejects(() => native.logSoftmaxBackward(native.full([2, 3], 1, 'float64', 'cpu'), y),
      /^logSoftmax backward: y and dy must have the same dtype/);
    rejects(() => native.logSoftmaxBackward(y, native.full([6], 1, 'float32', 'cpu')),
      /^logSoftmax backward: y must be 2-d \[N, K\] or 3-d \[outer, K, inner\], got \[6\] float32 cpu/);
  });
});
