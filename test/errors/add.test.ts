// add: shape, broadcast, dtype, layout, device and disposal errors name the op and the tensors.
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { add } from '../../src/functional/add';
import { isAvailable } from '../../src/backends';
import { rejects } from '../assertions';
import { cudaReason, skipUnless } from '../skip';

describe('add errors', () => {
  const a = zeros([2, 3, 4, 5]);

  it('rejects shapes that are neither equal nor a channel broadcast', () => {
    rejects(() => add(zeros([2, 3]), zeros([3, 2])), /^add: b must have a's shape/, /\[2,3\] float32 cpu/, /\[3,2\] float32 cpu/);
    // [C] is not one of the accepted forms, nor are partial or mismatched broadcasts.
    rejects(() => add(a, zeros([3])), /^add: b must have a's shape, or be \[1, C, 1, 1\] or \[N, C, 1, 1\]/, /\[3\] float32 cpu/);
    rejects(() => add(a, zeros([1, 3, 4, 1])), /^add: /, /\[1,3,4,1\]/);
    rejects(() => add(a, zeros([3, 3, 1, 1])), /^add: /, /\[3,3,1,1\]/);
    rejects(() => add(a, zeros([1, 4, 1, 1])), /^add: /, /\[1,4,1,1\]/);
    rejects(() => add(zeros([1, 3, 1, 1]), a), /^add: /, /\[2,3,4,5\]/); // broadcasting goes one way only
    rejects(() => add(zeros([3, 4, 5]), zeros([1, 4, 1])), /^add: /, /\[3,4,5\]/);
  });

  it('rejects mixed dtypes and int32', () => {
    rejects(() => add(a, zeros([2, 3, 4, 5], { dtype: 'float64' })), /^add: a and b must have the same dtype/, /float64/);
    rejects(() => add(tensor([1], [1], { dtype: 'int32' }), tensor([1], [1], { dtype: 'int32' })),
      /^add: a must be float32 or float64, got \[1\] int32 cpu/);
  });

  it('rejects disposed tensors', () => {
    const b = zeros([2, 3, 4, 5]);
    b.dispose();
    rejects(() => add(a, b), /^add: b \[2,3,4,5\] float32 cpu is disposed/);
  });

  it('add backward: bShape must be dy\'s shape or a channel broadcast of it', () => {
    const dy = native.full([2, 3, 4, 5], 1, 'float32', 'cpu');
    rejects(() => native.addBackward(dy, [3]), /^add backward: bShape must be dy's shape/, /\[2,3,4,5\]/, /bShape \[3\]/);
    rejects(() => native.addBackward(dy, [2, 4, 1, 1]), /^add backward: /, /\[2,4,1,1\]/);
    rejects(() => native.addBackward(dy, [-1]), /^add backward: argument 2 \(bShape\): expected a shape/);
  });

  it('rejects operands on different devices', function () {
    skipUnless(this, isAvailable('cuda'), cudaReason());
    rejects(() => add(a, zeros([2, 3, 4, 5], { device: 'cuda' })), /^add: tensors are on different devices/, /cuda/);
  });
});
