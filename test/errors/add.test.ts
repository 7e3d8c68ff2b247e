// add: broadcast, dtype, device and disposal errors name the op and the tensors.
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { add } from '../../src/functional/add';
import { isAvailable } from '../../src/backends';
import { rejects } from '../assertions';
import { cudaReason, skipUnless } from '../skip';

describe('add errors', () => {
  const a = zeros([2, 3, 4, 5]);

  it('rejects shapes that do not broadcast (NumPy rules), naming both', () => {
    rejects(() => add(zeros([2, 3]), zeros([3, 2])), /^add: shapes \[2,3\] and \[3,2\] cannot be broadcast/);
    rejects(() => add(a, zeros([4])), /^add: shapes \[2,3,4,5\] and \[4\] cannot be broadcast \(dim -1: 5 against 4\)/);
    rejects(() => add(a, zeros([3, 3, 1, 1])), /^add: /, /\[3,3,1,1\]/);
    rejects(() => add(zeros([3, 4, 5]), zeros([2, 4, 1])), /^add: /, /\[2,4,1\]/);
    // What the channel-only kernel refused once now broadcasts either way.
    assert.deepEqual(add(zeros([1, 3, 1, 1]), a).shape, [2, 3, 4, 5]);
    assert.deepEqual(add(a, zeros([5])).shape, [2, 3, 4, 5]);
  });

  it('promotes mixed dtypes and refuses bool arithmetic', () => {
    assert.equal(add(a, zeros([2, 3, 4, 5], { dtype: 'float64' })).dtype, 'float64');
    assert.equal(add(tensor([1], [1], { dtype: 'int32' }), tensor([1], [1], { dtype: 'int32' })).dtype, 'int32');
    rejects(() => add(tensor([1], [1], { dtype: 'bool' }), tensor([1], [1], { dtype: 'bool' })), /^add: bool tensors have no arithmetic/);
    rejects(() => add(1, 2), /^add: a or b must be a Tensor, got 1/);
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
