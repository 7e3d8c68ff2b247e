// Bad inputs to globalAvgPool2d: each gives an Error that names the op and shows the tensors.
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { ones, zeros } from '../../src/index';
import { globalAvgPool2d } from '../../src/functional';

describe('globalAvgPool2d errors', () => {
  it('x that is not 4-d', () => {
    assert.throws(() => globalAvgPool2d(ones([2, 3])), /globalAvgPool2d: x must be 4-d \[N, C, H, W\], got \[2,3\] float32 cpu/);
  });

  it('x of an integer dtype', () => {
    assert.throws(() => globalAvgPool2d(zeros([1, 1, 2, 2], { dtype: 'int32' })), /globalAvgPool2d: x must be float32 or float64, got \[1,1,2,2\] int32 cpu/);
  });

  it('empty planes (no mean to take)', () => {
    assert.throws(() => globalAvgPool2d(ones([2, 3, 0, 4])), /globalAvgPool2d: x must have H, W >= 1, got \[2,3,0,4\] float32 cpu/);
  });

  it('disposed tensors', () => {
    const gone = ones([1, 2, 3, 3]);
    gone.dispose();
    assert.throws(() => globalAvgPool2d(gone), /\[1,2,3,3\] float32 cpu is disposed/);
    const h = ones([1, 2, 3, 3]).handle;
    h.dispose();
    assert.throws(() => native.globalAvgPool2dForward(h), /globalAvgPool2d: argument 1 \(x\) is a disposed tensor/);
  });

  it('bad arguments to the backward entry', () => {
    assert.throws(() => native.globalAvgPool2dBackward(ones([1, 2, 1, 1]).handle, [1, 3, 4, 4]),
      /globalAvgPool2d backward: dy must have shape \[1,3,1,1\], got \[1,2,1,1\] float32 cpu/);
    assert.throws(() => native.globalAvgPool2dBackward(ones([1, 2, 1, 1]).handle, [1, 2, 4, 0]),
      /globalAvgPool2d backward: input shape \[1,2,4,0\] must be 4-d \[N, C, H, W\] with H, W >= 1/);
    assert.throws(() => native.globalAvgPool2dBackward(ones([1, 2, 1, 1]).handle, [1, -2, 4, 4] as number[]),
      /globalAvgPool2d backward: argument 2 \(inputShape\): expected a shape of non-negative integers/);
  });
});
