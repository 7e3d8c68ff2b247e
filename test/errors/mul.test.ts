// mul: shape, broadcast, dtype, layout, device, needs and disposal errors name the op and the tensors.
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { zeros } from '../../src/creation';
import { mul } from '../../src/functional/mul';
import { isAvailable } from '../../src/backends';
import { rejects } from '../assertions';
import { cudaReason, skipUnless } from '../skip';

describe('mul errors', () => {
  const a = zeros([2, 3, 4, 5]);

  it('rejects shapes that do not broadcast (NumPy rules), naming both', () => {
    rejects(() => mul(zeros([4]), zeros([5])), /^mul: shapes \[4\] and \[5\] cannot be broadcast/);
    rejects(() => mul(a, zeros([3])), /^mul: /, /\[3\]/);
    rejects(() => mul(a, zeros([4, 3, 1, 1])), /^mul: /, /\[4,3,1,1\]/);
  });

  it('promotes mixed dtypes', () => {
    assert.equal(mul(a, zeros([1, 3, 1, 1], { dtype: 'float64' })).dtype, 'float64');
  });

  it('rejects disposed tensors', () => {
    const b = zeros([1, 3, 1, 1]);
    b.dispose();
    rejects(() => mul(a, b), /^mul: b \[1,3,1,1\] float32 cpu is disposed/);
  });

  it('mul backward: dy must match a, needs must be two booleans', () => {
    const ha = native.full([2, 3, 4, 5], 1, 'float32', 'cpu');
    const hb = native.full([2, 3, 1, 1], 1, 'float32', 'cpu');
    rejects(() => native.mulBackward(native.full([2, 3, 4, 4], 1, 'float32', 'cpu'), ha, hb, [true, true]),
      /^mul backward: a and dy must have the same shape, got \[2,3,4,5\] float32 cpu and \[2,3,4,4\] float32 cpu/);
    rejects(() => native.mulBackward(native.full([2, 3, 4, 5], 1, 'float64', 'cpu'), ha, hb, [true, true]),
      /^mul backward: a and dy must have the same dtype/);
    rejects(() => native.mulBackward(ha, ha, hb, [true]), /^mul backward: argument 4 \(needs\): expected an array of 2 booleans/);
    rejects(() => native.mulBackward(ha, ha, hb, [1, 0] as unknown as boolean[]), /^mul backward: argument 4 \(needs\)/);
    rejects(() => native.mulBackward(ha, ha, native.full([3], 1, 'float32', 'cpu'), [true, true]), /^mul backward: b must have a's shape/);
  });

  it('rejects operands on different devices', function () {
    skipUnless(this, isAvailable('cuda'), cudaReason());
    rejects(() => mul(a, zeros([1, 3, 1, 1], { device: 'cuda' })), /^mul: tensors are on different devices/);
  });
});
