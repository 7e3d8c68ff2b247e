// Bad inputs to dropout: each gives an Error that names the op and shows the tensors.
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { ones, zeros } from '../../src/index';
import { dropout } from '../../src/functional';

describe('dropout errors', () => {
  it('p outside [0, 1), in training and in eval mode alike', () => {
    for (const p of [1, -0.1, 1.5, NaN]) {
      assert.throws(() => dropout(ones([2, 3]), { p }), new RegExp(`^Error: dropout: p must be in \\[0, 1\\), got ${p} for x \\[2,3\\] float32 cpu$`));
      assert.throws(() => dropout(ones([2, 3]), { p, training: false }), /dropout: p must be in \[0, 1\)/);
    }
    assert.throws(() => native.dropoutForward(ones([2, 3]).handle, 1), /dropout: p must be in \[0, 1\), got 1 for x \[2,3\] float32 cpu/);
  });

  it('x of an integer dtype', () => {
    assert.throws(() => dropout(zeros([4], { dtype: 'int32' }), { p: 0.5 }), /dropout: x must be float32 or float64, got \[4\] int32 cpu/);
  });

  it('disposed tensors', () => {
    const gone = ones([2, 3]);
    gone.dispose();
    assert.throws(() => dropout(gone, { p: 0.5 }), /\[2,3\] float32 cpu is disposed/);
    const h = ones([2, 3]).handle;
    h.dispose();
    assert.throws(() => native.dropoutForward(h, 0.5), /dropout: argument 1 \(x\) is a disposed tensor/);
  });

  it('bad arguments to the backward entry', () => {
    const [, mask] = native.dropoutForward(ones([2, 3]).handle, 0.5);
    assert.throws(() => native.dropoutBackward(ones([3, 2]).handle, mask),
      /dropout backward: mask and dy must have the same shape, got \[2,3\] float32 cpu and \[3,2\] float32 cpu/);
    assert.throws(() => native.dropoutBackward(ones([2, 3], { dtype: 'float64' }).handle, mask),
      /dropout backward: mask and dy must have the same dtype, got \[2,3\] float32 cpu and \[2,3\] float64 cpu/);
    assert.throws(() => native.dropoutForward(ones([2, 3]).handle, '0.5' as unknown as number), /dropout: argument 2 \(p\): expected a number, got string/);
  });
});
