// addRelu: shape, dtype, device and disposal errors name the op and the tensors.
import { native, reference } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { addRelu } from '../../src/functional/add_relu';
import { isAvailable } from '../../src/backends';
import { rejects } from '../assertions';
import { cudaReason, skipUnless } from '../skip';

describe('addRelu errors', () => {
  const a = zeros([2, 3, 4, 5]);

  it('rejects operands of different shapes (no broadcasting)', () => {
    rejects(() => addRelu(a, zeros([1, 3, 1, 1])), /^addRelu: a and b must have the same shape/, /\[2,3,4,5\] float32 cpu/,
      /\[1,3,1,1\] float32 cpu/);
    rejects(() => addRelu(zeros([3]), zeros([4])), /^addRelu: /, /\[3\]/, /\[4\]/);
  });

  it('rejects mixed dtypes and int32', () => {
    rejects(() => addRelu(a, zeros([2, 3, 4, 5], { dtype: 'float64' })), /^addRelu: a and b must have the same dtype/, /float64/);
    rejects(() => addRelu(tensor([1], [1], { dtype: 'int32' }), tensor([1], [1], { dtype: 'int32' })),
      /^addRelu: a must be float32 or float64, got \[1\] int32 cpu/);
  });

  it('rejects blocked tensors on the reference kernels', () => {
    const x = zeros([2, 3, 4, 5], { dtype: 'float64' });
    rejects(() => reference(() => addRelu(x.toLayout('nChw16c'), x)),
      /^addRelu: the reference kernels take plain float64 tensors on the cpu, got \[2,3,4,5\] float64 cpu nChw16c/);
  });

  it('rejects disposed tensors and non-tensors', () => {
    const b = zeros([2, 3, 4, 5]);
    b.dispose();
    rejects(() => addRelu(a, b), /^addRelu: b \[2,3,4,5\] float32 cpu is disposed/);
    rejects(() => addRelu(a, 3 as never), /^addRelu: b must be a Tensor, got number/);
  });

  it('addRelu backward: dy must match y', () => {
    const y = native.full([2, 3], 1, 'float32', 'cpu');
    rejects(() => native.addReluBackward(native.full([3, 2], 1, 'float32', 'cpu'), y),
      /^addRelu backward: y and dy must have the same shape, got \[2,3\] float32 cpu and \[3,2\] float32 cpu/);
    rejects(() => native.addReluBackward(native.full([2, 3], 1, 'float64', 'cpu'), y),
      /^addRelu backward: y and dy must have the same dtype/);
    rejects(() => native.addReluBackward(y, 1 as never), /^addRelu backward: argument 2 \(y\): expected a tensor/);
  });

  it('rejects operands on different devices', function () {
    skipUnless(this, isAvailable('cuda'), cudaReason());
    rejects(() => addRelu(a, zeros([2, 3, 4, 5], { device: 'cuda' })), /^addRelu: tensors are on different devices/, /cuda/);
  });
});
