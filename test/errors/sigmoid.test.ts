// sigmoid: every kind of bad input gives an Error naming the op and the tensors.
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { sigmoid } from '../../src/functional/sigmoid';
import { Tensor } from '../../src/tensor';
import { rejects } from '../assertions';

describe('sigmoid errors', () => {
  it('rejects int32 tensors', () => {
    rejects(() => sigmoid(tensor([1, 2, 3], [3], { dtype: 'int32' })), /^sigmoid: x must be float32 or float64, got \[3\] int32 cpu/);
  });

  it('rejects a disposed tensor, naming the op', () => {
    const x = zeros([2, 3]);
    x.dispose();
    rejects(() => sigmoid(x), /^sigmoid: x \[2,3\] float32 cpu is disposed/);
    const h = native.full([2], 1, 'float32', 'cpu');
    h.dispose();
    rejects(() => native.sigmoidForward(h), /^sigmoid: argument 1 \(x\) is a disposed tensor/);
  });

  it('rejects what is not a tensor', () => {
    rejects(() => sigmoid([1, 2] as unknown as Tensor), /^sigmoid: x must be a Tensor, got an array/);
    rejects(() => (native.sigmoidForward as (...a: unknown[]) => unknown)(), /sigmoid: expected 1 arguments, got 0/);
  });

  it('backward: shape and dtype mismatches', () => {
    const y = native.full([2, 3], 0.5, 'float32', 'cpu');
    rejects(() => native.sigmoidBackward(native.full([3, 2], 1, 'float32', 'cpu'), y),
      /^sigmoid backward: y and dy must have the same shape, got \[2,3\] float32 cpu and \[3,2\] float32 cpu/);
    rejects(() => native.sigmoidBackward(native.full([2, 3], 1, 'float64', 'cpu'), y),
      /^sigmoid backward: y and dy must have the same dtype, got \[2,3\] float32 cpu and \[2,3\] float64 cpu/);
  });

  it('the reference takes float64 only', () => {
    rejects(() => native.ref.sigmoidForward(native.full([2], 1, 'float32', 'cpu')),
      /^sigmoid: the reference kernels take plain float64 tensors on the cpu, got \[2\] float32 cpu/);
  });
});
