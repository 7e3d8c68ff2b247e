// Bad inputs to avgPool2d: each gives an Error that names the op and shows the tensors.
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { ones, zeros } from '../../src/index';
import { avgPool2d } from '../../src/functional';

const x = (shape = [1, 2, 5, 5]) => ones(shape);

describe('avgPool2d errors', () => {
  it('x that is not 4-d', () => {
    assert.throws(() => avgPool2d(x([5, 5]), { kernelSize: 2 }), /avgPool2d: x must be 4-d \[N, C, H, W\], got \[5,5\] float32 cpu/);
  });

  it('x of an integer dtype', () => {
    assert.throws(() => avgPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), { kernelSize: 2 }),
      /avgPool2d: x must be float32 or float64, got \[1,1,4,4\] int32 cpu/);
  });

  it('a kernel or stride of zero', () => {
    assert.throws(() => avgPool2d(x(), { kernelSize: [0, 3] }), /avgPool2d: kernel size must be >= 1, got \[0,3\] for x \[1,2,5,5\] float32 cpu/);
    assert.throws(() => avgPool2d(x(), { kernelSize: 2, stride: [1, 0] }), /avgPool2d: stride must be >= 1, got \[1,0\]/);
  });

  it('negative padding, and padding over half the kernel', () => {
    assert.throws(() => avgPool2d(x(), { kernelSize: 3, padding: [0, -1] }), /avgPool2d: padding must be >= 0, got \[0,-1\]/);
    assert.throws(() => avgPool2d(x(), { kernelSize: 2, padding: 2 }),
      /avgPool2d: padding \[2,2\] must be at most half the kernel size \[2,2\] for x \[1,2,5,5\] float32 cpu/);
  });

  it('an output smaller than 1 x 1', () => {
    assert.throws(() => avgPool2d(x([1, 1, 5, 1]), { kernelSize: 2 }), /avgPool2d: output size 2x0 is too small .* for x \[1,1,5,1\] float32 cpu/);
  });

  it('disposed tensors', () => {
    const gone = x();
    gone.dispose();
    assert.throws(() => avgPool2d(gone, { kernelSize: 2 }), /\[1,2,5,5\] float32 cpu is disposed/);
    const h = x().handle;
    h.dispose();
    assert.throws(() => native.avgPool2dForward(h, [2, 2], [2, 2], [0, 0], false, true), /avgPool2d: argument 1 \(x\) is a disposed tensor/);
  });

  it('bad arguments to the native entries', () => {
    assert.throws(() => native.avgPool2dForward(x().handle, [2, 2], [2, 2], [0, 0], false, 'yes' as unknown as boolean),
      /avgPool2d: argument 6 \(countIncludePad\): expected a boolean, got string/);
    assert.throws(() => native.avgPool2dBackward(ones([1, 2, 3, 3]).handle, [1, 2, 5, 5], [2, 2], [2, 2], [0, 0], false, true),
      /avgPool2d backward: dy must have the output shape \[1,2,2,2\] of input shape \[1,2,5,5\], got \[1,2,3,3\] float32 cpu/);
    assert.throws(() => native.avgPool2dBackward(ones([1, 2, 2, 2]).handle, [1, 2, 5, 5], [2, 2], [2, 2], [3, 0], false, true),
      /avgPool2d backward: padding \[3,0\] must be at most half the kernel size \[2,2\] for input shape \[1,2,5,5\]/);
  });
});
