// Bad inputs to batchNorm2d: each gives an Error that names the op and shows the tensors.
import { strict as assert } from 'assert';
import { native, reference } from '../../src/native';
import { tensor, zeros, ones, Tensor } from '../../src/index';
import { batchNorm2d } from '../../src/functional';

const x = (shape = [2, 3, 4, 4], dtype: 'float32' | 'float64' = 'float32'): Tensor => ones(shape, { dtype });
const vec = (n: number, dtype: 'float32' | 'float64' = 'float32'): Tensor => ones([n], { dtype });

describe('batchNorm2d errors', () => {
  it('x that is not 4-d', () => {
    assert.throws(() => batchNorm2d(x([2, 3, 4]), null, null, null, null),
      /^Error: batchNorm2d: x must be 4-d \[N, C, H, W\], got \[2,3,4\] float32 cpu$/);
  });

  it('x of an integer dtype', () => {
    assert.throws(() => batchNorm2d(zeros([2, 3, 4, 4], { dtype: 'int32' }), null, null, null, null),
      /batchNorm2d: x must be float32 or float64, got \[2,3,4,4\] int32 cpu/);
  });

  it('running statistics, weight or bias not of shape [C]', () => {
    assert.throws(() => batchNorm2d(x(), vec(4), vec(3), null, null),
      /batchNorm2d: runningMean must have shape \[3\] \(the channels of x \[2,3,4,4\] float32 cpu\), got \[4\] float32 cpu/);
    assert.throws(() => batchNorm2d(x(), vec(3), ones([3, 1]), null, null),
      /batchNorm2d: runningVar must have shape \[3\] .*got \[3,1\] float32 cpu/);
    assert.throws(() => batchNorm2d(x(), null, null, vec(2), null), /batchNorm2d: weight must have shape \[3\] .*got \[2\] float32 cpu/);
    assert.throws(() => batchNorm2d(x(), null, null, null, ones([1, 3])), /batchNorm2d: bias must have shape \[3\] .*got \[1,3\] float32 cpu/);
  });

  it('only one of the running statistics', () => {
    assert.throws(() => batchNorm2d(x(), vec(3), null, null, null, { training: true }),
      /batchNorm2d: runningMean and runningVar must be given together, got \[3\] float32 cpu and <undefined>/);
  });

  it('eval mode without running statistics', () => {
    assert.throws(() => batchNorm2d(x(), null, null, null, null, { training: false }),
      /batchNorm2d: eval mode \(training false\) needs runningMean and runningVar, for x \[2,3,4,4\] float32 cpu/);
  });

  it('training on no values per channel', () => {
    assert.throws(() => batchNorm2d(x([0, 3, 4, 4]), null, null, null, null),
      /batchNorm2d: training needs at least one value per channel, got x \[0,3,4,4\] float32 cpu/);
  });

  it('one value per channel with running statistics in training', () => {
    assert.throws(() => batchNorm2d(x([1, 3, 1, 1]), vec(3), vec(3), null, null, { training: true }),
      /batchNorm2d: the running variance cannot be updated from 1 value per channel .*\[1,3,1,1\] float32 cpu/);
  });

  it('mixed dtypes', () => {
    assert.throws(() => batchNorm2d(x(), null, null, vec(3, 'float64'), null),
      /batchNorm2d: x and weight must have the same dtype, got \[2,3,4,4\] float32 cpu and \[3\] float64 cpu/);
    assert.throws(() => batchNorm2d(x(), vec(3, 'float64'), vec(3, 'float64'), null, null),
      /batchNorm2d: x and runningMean must have the same dtype/);
  });

  it('eps <= 0 and momentum outside [0, 1]', () => {
    assert.throws(() => batchNorm2d(x(), null, null, null, null, { eps: 0 }), /batchNorm2d: eps must be > 0, got 0/);
    assert.throws(() => batchNorm2d(x(), null, null, null, null, { momentum: 1.5 }), /batchNorm2d: momentum must be in \[0, 1\], got 1.5/);
    assert.throws(() => batchNorm2d(x(), null, null, null, null, { momentum: NaN }),
      /batchNorm2d: argument 7 \(momentum\): expected a finite number/);
  });

  it('a blocked layout on the reference kernels (they take plain tensors)', () => {
    const blocked = x([2, 3, 4, 4], 'float64').toLayout('nChw16c');
    assert.throws(() => reference(() => batchNorm2d(blocked, null, null, null, null)),
      /batchNorm2d: the reference kernels take plain float64 tensors on the cpu, got \[2,3,4,4\] float64 cpu nChw16c/);
  });

  it('disposed tensors', () => {
    const gone = x();
    gone.dispose();
    assert.throws(() => batchNorm2d(gone, null, null, null, null), /\[2,3,4,4\] float32 cpu is disposed/);
    const h = vec(3).handle;
    h.dispose();
    assert.throws(() => native.batchNorm2dForward(x().handle, h, null, null, null, true, 0.1, 1e-5),
      /batchNorm2d: argument 2 \(weight\) is a disposed tensor/);
  });

  it('bad arguments to the native entries', () => {
    assert.throws(() => native.batchNorm2dForward(x().handle, null, null, null, null, 1 as unknown as boolean, 0.1, 1e-5),
      /batchNorm2d: argument 6 \(training\): expected a boolean, got number/);
    const [y, mean, invstd] = native.batchNorm2dForward(x().handle, null, null, null, null, true, 0.1, 1e-5);
    assert.throws(() => native.batchNorm2dBackward(y, x().handle, null, mean, invstd, true, [true, false]),
      /batchNorm2d backward: argument 7 \(needs\): expected an array of 3 booleans/);
    assert.throws(() => native.batchNorm2dBackward(ones([2, 3, 4, 5]).handle, x().handle, null, mean, invstd, true, [true, true, true]),
      /batchNorm2d backward: x and dy must have the same shape, got \[2,3,4,4\] float32 cpu and \[2,3,4,5\] float32 cpu/);
    assert.throws(() => native.batchNorm2dBackward(y, x().handle, null, vec(2).handle, invstd, true, [true, true, true]),
      /batchNorm2d backward: saveMean must have shape \[3\] .*got \[2\] float32 cpu/);
    assert.throws(() => native.batchNorm2dBackward(y, x().handle, null, mean, tensor([1, 1, 1], [3], { dtype: 'float64' }).handle, false, [true, true, true]),
      /batchNorm2d backward: x and saveInvstd must have the same dtype/);
  });
});
