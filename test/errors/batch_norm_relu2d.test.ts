// Bad inputs to batchNormRelu2d: each gives an Error that names the op and shows the tensors.
import { strict as assert } from 'assert';
import { native, reference } from '../../src/native';
import { ones, zeros, Tensor } from '../../src/index';
import { batchNormRelu2d } from '../../src/functional';

const x = (shape = [2, 3, 4, 4], dtype: 'float32' | 'float64' = 'float32'): Tensor => ones(shape, { dtype });
const vec = (n: number): Tensor => ones([n]);

describe('batchNormRelu2d errors', () => {
  it('x that is not 4-d, or not float', () => {
    assert.throws(() => batchNormRelu2d(x([2, 3, 4]), null, null, null, null),
      /^Error: batchNormRelu2d: x must be 4-d \[N, C, H, W\], got \[2,3,4\] float32 cpu$/);
    assert.throws(() => batchNormRelu2d(zeros([2, 3, 4, 4], { dtype: 'int32' }), null, null, null, null),
      /batchNormRelu2d: x must be float32 or float64, got \[2,3,4,4\] int32 cpu/);
  });

  it('per-channel tensors not of shape [C]', () => {
    assert.throws(() => batchNormRelu2d(x(), vec(4), vec(3), null, null),
      /batchNormRelu2d: runningMean must have shape \[3\] \(the channels of x \[2,3,4,4\] float32 cpu\), got \[4\] float32 cpu/);
    assert.throws(() => batchNormRelu2d(x(), null, null, vec(2), null), /batchNormRelu2d: weight must have shape \[3\] .*got \[2\] float32 cpu/);
  });

  it('eval mode without running statistics, and one value per channel with running statistics', () => {
    assert.throws(() => batchNormRelu2d(x(), null, null, null, null, { training: false }),
      /batchNormRelu2d: eval mode \(training false\) needs runningMean and runningVar, for x \[2,3,4,4\] float32 cpu/);
    assert.throws(() => batchNormRelu2d(x([1, 3, 1, 1]), vec(3), vec(3), null, null, { training: true }),
      /batchNormRelu2d: the running variance cannot be updated from 1 value per channel/);
  });

  it('bad eps and momentum', () => {
    assert.throws(() => batchNormRelu2d(x(), null, null, null, null, { eps: 0 }), /batchNormRelu2d: eps must be > 0, got 0/);
    assert.throws(() => batchNormRelu2d(x(), null, null, null, null, { momentum: 2 }), /batchNormRelu2d: momentum must be in \[0, 1\], got 2/);
  });

  it('a blocked layout on the reference kernels (they take plain tensors)', () => {
    const blocked = x([2, 3, 4, 4], 'float64').toLayout('nChw8c');
    assert.throws(() => reference(() => batchNormRelu2d(blocked, null, null, null, null)),
      /batchNormRelu2d: the reference kernels take plain float64 tensors on the cpu, got \[2,3,4,4\] float64 cpu nChw8c/);
  });

  it('backward: y and dy must match x', () => {
    const h = native.full([2, 3, 4, 4], 1, 'float32', 'cpu');
    const [y, mean, invstd] = native.batchNormRelu2dForward(h, null, null, null, null, true, 0.1, 1e-5);
    assert.throws(() => native.batchNormRelu2dBackward(h, native.full([2, 3, 4, 5], 1, 'float32', 'cpu'), h, null, mean, invstd, true, [true, false, false]),
      /batchNormRelu2d backward: x and y must have the same shape, got \[2,3,4,4\] float32 cpu and \[2,3,4,5\] float32 cpu/);
    assert.throws(() => native.batchNormRelu2dBackward(native.full([2, 3, 4], 1, 'float32', 'cpu'), y, h, null, mean, invstd, true, [true, false, false]),
      /batchNormRelu2d backward: x and dy must have the same shape/);
    assert.throws(() => native.batchNormRelu2dBackward(h, y, h, null, mean, invstd, true, [true, false]),
      /batchNormRelu2d backward: argument 8 \(needs\): expected an array of 3 booleans/);
  });

  it('disposed tensors', () => {
    const gone = x();
    gone.dispose();
    assert.throws(() => batchNormRelu2d(gone, null, null, null, null), /\[2,3,4,4\] float32 cpu is disposed/);
  });
});
