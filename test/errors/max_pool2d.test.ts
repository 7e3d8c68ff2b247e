// Bad inputs to maxPool2d: each gives an Error that names the op and shows the tensors.
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { ones, tensor, zeros } from '../../src/index';
import { maxPool2d, MaxPool2dOptions } from '../../src/functional';

const x = (shape = [1, 2, 4, 4]) => ones(shape);

describe('maxPool2d errors', () => {
  it('x that is not 4-d', () => {
    assert.throws(() => maxPool2d(x([2, 4, 4]), { kernelSize: 2 }), /maxPool2d: x must be 4-d \[N, C, H, W\], got \[2,4,4\] float32 cpu/);
  });

  it('x of an integer dtype', () => {
    assert.throws(() => maxPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), { kernelSize: 2 }),
      /maxPool2d: x must be float32 or float64, got \[1,1,4,4\] int32 cpu/);
  });

  it('a kernel or stride of zero', () => {
    assert.throws(() => maxPool2d(x(), { kernelSize: 0 }), /maxPool2d: kernel size must be >= 1, got \[0,0\] for x \[1,2,4,4\] float32 cpu/);
    assert.throws(() => maxPool2d(x(), { kernelSize: [2, 0] }), /maxPool2d: kernel size must be >= 1, got \[2,0\]/);
    assert.throws(() => maxPool2d(x(), { kernelSize: 2, stride: 0 }), /maxPool2d: stride must be >= 1, got \[0,0\] for x \[1,2,4,4\]/);
  });

  it('negative padding, and padding over half the kernel', () => {
    assert.throws(() => maxPool2d(x(), { kernelSize: 2, padding: -1 }), /maxPool2d: padding must be >= 0, got \[-1,-1\] for x \[1,2,4,4\]/);
    assert.throws(() => maxPool2d(x(), { kernelSize: 3, padding: [1, 2] }),
      /maxPool2d: padding \[1,2\] must be at most half the kernel size \[3,3\] for x \[1,2,4,4\] float32 cpu/);
    assert.throws(() => maxPool2d(x(), { kernelSize: 1, padding: 1 }), /maxPool2d: padding \[1,1\] must be at most half the kernel size \[1,1\]/);
  });

  it('an output smaller than 1 x 1', () => {
    assert.throws(() => maxPool2d(x([1, 1, 2, 5]), { kernelSize: 3 }),
      /maxPool2d: output size 0x1 is too small \(kernel \[3,3\], stride \[3,3\], padding \[0,0\]\) for x \[1,1,2,5\] float32 cpu/);
    assert.throws(() => maxPool2d(x([1, 1, 0, 4]), { kernelSize: 1 }), /maxPool2d: output size 0x4 is too small/);
  });

  it('malformed options', () => {
    assert.throws(() => maxPool2d(x(), {} as unknown as MaxPool2dOptions), /maxPool2d: options must give kernelSize/);
    // Refused by maxPool2d's own checks, before the binding sees them.
    assert.throws(() => maxPool2d(x(), { kernelSize: 1.5 }), /^Error: maxPool2d: options.kernelSize must be an integer or \[height, width\], got 1.5/);
    assert.throws(() => maxPool2d(x(), { kernelSize: [2, 2, 2] as unknown as [number, number] }),
      /^Error: maxPool2d: options.kernelSize must be an integer or \[height, width\], got \[2,2,2\]/);
  });

  it('disposed tensors', () => {
    const gone = x();
    gone.dispose();
    assert.throws(() => maxPool2d(gone, { kernelSize: 2 }), /\[1,2,4,4\] float32 cpu is disposed/);
    const h = x().handle;
    h.dispose();
    assert.throws(() => native.maxPool2dForward(h, [2, 2], [2, 2], [0, 0], false), /maxPool2d: argument 1 \(x\) is a disposed tensor/);
  });

  it('bad arguments to the backward entry', () => {
    const [y, indices] = native.maxPool2dForward(x().handle, [2, 2], [2, 2], [0, 0], false);
    assert.throws(() => native.maxPool2dBackward(y, y, [1, 2, 4, 4]), /maxPool2d backward: indices must be int32, got \[1,2,2,2\] float32 cpu/);
    assert.throws(() => native.maxPool2dBackward(ones([1, 2, 3, 3]).handle, indices, [1, 2, 4, 4]),
      /maxPool2d backward: indices and dy must have the same shape, got \[1,2,2,2\] int32 cpu and \[1,2,3,3\] float32 cpu/);
    assert.throws(() => native.maxPool2dBackward(y, indices, [1, 3, 4, 4]),
      /maxPool2d backward: input shape \[1,3,4,4\] must be 4-d \[N, C, H, W\] with the N and C of dy \[1,2,2,2\] float32 cpu/);
    const outside = tensor([0, 1, 99, 2, 0, 0, 0, 0], [1, 2, 2, 2], { dtype: 'int32' });
    assert.throws(() => native.maxPool2dBackward(y, outside.handle, [1, 2, 4, 4]),
      /maxPool2d backward: index 99 lies outside the input plane of \[1,2,4,4\] \(indices \[1,2,2,2\] int32 cpu\)/);
    assert.throws(() => native.maxPool2dBackward(y, indices, [1, 2, 4]), /maxPool2d backward: input shape \[1,2,4\] must be 4-d/);
  });
});
