// Every kind of bad matmul input gives an Error that names the op and shows the shapes.
import { matmul } from '../../src/functional/matmul';
import { tensor, zeros } from '../../src/creation';
import { native } from '../../src/native';
import { tidy } from '../../src/scope';
import { rejects } from '../assertions';

const t = (shape: number[], dtype: 'float32' | 'float64' = 'float32') => zeros(shape, { dtype });

describe('matmul errors', () => {
  it('inner sizes that differ', () => tidy(() => {
    rejects(() => matmul(t([3, 5]), t([4, 2])), /^matmul: a \[3,5\] float32 cpu has 5 columns but b \[4,2\] float32 cpu has 4 rows/);
    rejects(() => matmul(t([5]), t([4])), /^matmul: a \[1,5\].* has 5 columns but b \[4,1\]/);
  }));

  it('batch dims that do not broadcast', () => tidy(() => {
    rejects(() => matmul(t([2, 3, 4]), t([3, 4, 5])), /^matmul: the batch dims of a \[2,3,4\] float32 cpu and b \[3,4,5\] float32 cpu do not broadcast/);
  }));

  it('0-d operands, int32, mixed dtypes, disposed tensors', () => tidy(() => {
    rejects(() => matmul(t([]), t([2, 2])), /^matmul: a and b must have at least 1 dim, got \[\] and \[2,2\]/);
    rejects(() => matmul(tensor([1, 2, 3, 4], [2, 2], { dtype: 'int32' }), t([2, 2])), /^matmul: a must be float32 or float64, got \[2,2\] int32 cpu/);
    rejects(() => matmul(t([2, 2]), t([2, 2], 'float64')), /^matmul: a and b must have the same dtype, got \[2,2\] float32 cpu and \[2,2\] float64 cpu/);
    const d = t([2, 2]);
    d.dispose();
    rejects(() => matmul(t([2, 2]), d), /^matmul: b \[2,2\] float32 cpu is disposed/);
    rejects(() => matmul(t([2, 2]), [1, 2] as never), /^matmul: b must be a Tensor, got an array/);
  }));

  it('backward: dy must have the output shape', () => {
    const a = native.full([2, 3], 1, 'float32', 'cpu'), b = native.full([3, 4], 1, 'float32', 'cpu');
    rejects(() => native.matmulBackward(native.full([2, 5], 1, 'float32', 'cpu'), a, b, [true, true]),
      /^matmul backward: dy must have the output's shape \[2,4\]/, '[2,5] float32 cpu');
    rejects(() => native.matmulBackward(native.full([2, 4], 1, 'float64', 'cpu'), a, b, [true, true]),
      /^matmul backward: a and dy must have the same dtype/);
  });
});
