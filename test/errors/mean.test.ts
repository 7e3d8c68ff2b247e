// mean: the errors of sum, plus averages over zero elements.
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { mean } from '../../src/functional/mean';
import { rejects } from '../assertions';

describe('mean errors', () => {
  const x = zeros([2, 3, 4]);

  it('rejects bad dims', () => {
    rejects(() => mean(x, { dims: [3] }), /^mean: dim 3 out of range for \[2,3,4\] \(expected -3 to 2\)/);
    rejects(() => mean(x, { dims: [0, 2, -1] }), /^mean: dim 2 given twice/);
    rejects(() => native.meanForward(x.handle, [1, 1], true), /^mean: dim 1 given twice/);
    rejects(() => native.meanForward(x.handle, [-2], true), /^mean: dim -2 out of range for shape \[2,3,4\]/);
  });

  it('refuses to average over zero elements', () => {
    rejects(() => mean(zeros([0, 3]), { dims: [0] }), /^mean: cannot average over zero elements \(shape \[0,3\]\)/);
    rejects(() => mean(zeros([0])), /^mean: cannot average over zero elements/);
    // Nothing to average and no outputs: an empty result, not an error.
    assert.deepEqual(mean(zeros([0, 3]), { dims: [1] }).shape, [0]);
  });

  it('rejects int32, disposed tensors and a misshapen gradient', () => {
    rejects(() => mean(tensor([1], [1], { dtype: 'int32' })), /^mean: x must be float32 or float64, got \[1\] int32 cpu/);
    const y = zeros([2]);
    y.dispose();
    rejects(() => mean(y), /^mean: x \[2\] float32 cpu is disposed/);
    rejects(() => native.meanBackward(native.full([2, 3], 1, 'float32', 'cpu'), [2, 3, 4], [0], false),
      /^mean backward: dy must have shape \[3,4\], got \[2,3\] float32 cpu/);
    rejects(() => native.meanBackward(native.full([2, 4], 1, 'float32', 'cpu'), [2, 3, 4], [1], true),
      /^mean backward: dy must have shape \[2,1,4\], got \[2,4\] float32 cpu/);
  });
});
