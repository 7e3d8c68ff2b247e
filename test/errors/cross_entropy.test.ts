// crossEntropy: labels of the wrong dtype, shape or range (named with their index), label
// smoothing out of range, bad logits, bad gradients, disposed tensors.
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { crossEntropy } from '../../src/functional/cross_entropy';
import { isAvailable } from '../../src/backends';
import { rejects } from '../assertions';
import { cudaReason, skipUnless } from '../skip';

describe('crossEntropy errors', () => {
  const logits = zeros([3, 4]);

  it('names a label out of range and its index, however the labels are given', () => {
    rejects(() => crossEntropy(logits, [0, 4, 1]), /^crossEntropy: label 4 at index 1 is out of range \[0, 4\)/, /\[3,4\] float32 cpu/);
    rejects(() => crossEntropy(logits, Int32Array.from([0, 1, -1])), /^crossEntropy: label -1 at index 2 is out of range \[0, 4\)/);
    rejects(() => crossEntropy(logits, tensor([7, 0, 0], [3], { dtype: 'int32' })), /^crossEntropy: label 7 at index 0/);
    rejects(() => crossEntropy(zeros([1, 1]), [1]), /^crossEntropy: label 1 at index 0 is out of range \[0, 1\)/);
  });

  it('rejects labels that are not integers, or of the wrong dtype or shape', () => {
    rejects(() => crossEntropy(logits, [0, 1.5, 2]), /^crossEntropy: label 1.5 at index 1 is not an integer class index/);
    rejects(() => crossEntropy(logits, tensor([0, 1, 2], [3], { dtype: 'float32' })),
      /^crossEntropy: labels must be int32 or int64, got \[3\] float32 cpu/);
    rejects(() => crossEntropy(logits, tensor([0, 1, 2], [3, 1], { dtype: 'int32' })),
      /^crossEntropy: labels must be \[3\] for logits \[3,4\] float32 cpu, got \[3,1\] int32 cpu/);
    rejects(() => crossEntropy(logits, [0, 1]), /^crossEntropy: labels must be \[3\] for logits \[3,4\] float32 cpu, got \[2\] int32 cpu/);
    rejects(() => crossEntropy(logits, 'cat' as unknown as number[]), /^crossEntropy: labels must be a Tensor, an Int32Array, a BigInt64Array or an array of numbers/);
  });

  it('rejects label smoothing outside [0, 1)', () => {
    for (const s of [1, -0.1, 2, NaN]) {
      rejects(() => crossEntropy(logits, [0, 1, 2], { labelSmoothing: s }), /^crossEntropy: labelSmoothing must be in \[0, 1\)/);
    }
    const labels = native.fromArray(Int32Array.from([0, 1, 2]), [3], 'int32', 'cpu');
    rejects(() => native.crossEntropyForward(logits.handle, labels, 1), /^crossEntropy: labelSmoothing must be in \[0, 1\), got 1/);
    rejects(() => native.crossEntropyForward(logits.handle, labels, Infinity), /^crossEntropy: argument 3 \(labelSmoothing\): expected a finite number/);
  });

  it('rejects logits that are not [N, K] floats, and an empty batch', () => {
    rejects(() => crossEntropy(zeros([4]), [0]), /^crossEntropy: logits must be 2-d \[N, K\], got \[4\] float32 cpu/);
    rejects(() => crossEntropy(tensor([1, 2], [1, 2], { dtype: 'int32' }), [0]), /^crossEntropy: logits must be float32 or float64/);
    rejects(() => crossEntropy(zeros([0, 4]), []), /^crossEntropy: the batch is empty: logits \[0,4\] float32 cpu/);
    rejects(() => crossEntropy(zeros([2, 0]), [0, 0]), /^crossEntropy: no classes: logits \[2,0\] float32 cpu/);
  });

  it('rejects disposed logits and labels', () => {
    const l = zeros([2, 2]);
    l.dispose();
    rejects(() => crossEntropy(l, [0, 1]), /^crossEntropy: logits \[2,2\] float32 cpu is disposed/);
    const labels = tensor([0, 1], [2], { dtype: 'int32' });
    labels.dispose();
    rejects(() => crossEntropy(zeros([2, 2]), labels), /^crossEntropy: labels \[2\] int32 cpu is disposed/);
  });

  it('backward: dloss must be one element of the logProbs dtype; labels are checked again', () => {
    const logProbs = native.full([2, 3], -1, 'float32', 'cpu');
    const labels = native.fromArray(Int32Array.from([0, 2]), [2], 'int32', 'cpu');
    rejects(() => native.crossEntropyBackward(native.full([2], 1, 'float32', 'cpu'), logProbs, labels, 0),
      /^crossEntropy backward: dloss must be 0-d \(one element\), got \[2\] float32 cpu/);
    rejects(() => native.crossEntropyBackward(native.full([], 1, 'float64', 'cpu'), logProbs, labels, 0),
      /^crossEntropy backward: logProbs and dloss must have the same dtype/);
    const bad = native.fromArray(Int32Array.from([0, 3]), [2], 'int32', 'cpu');
    rejects(() => native.crossEntropyBackward(native.full([], 1, 'float32', 'cpu'), logProbs, bad, 0),
      /^crossEntropy backward: label 3 at index 1 is out of range \[0, 3\)/);
  });

  it('checks labels on CUDA before any kernel runs', function () {
    skipUnless(this, isAvailable('cuda'), cudaReason());
    const l = zeros([3, 4], { device: 'cuda' });
    rejects(() => crossEntropy(l, [0, 9, 1]), /^crossEntropy: label 9 at index 1 is out of range \[0, 4\)/);
    rejects(() => crossEntropy(l, tensor([0, 1, 2], [3], { dtype: 'int32' })), /^crossEntropy: labels .* and logits .* are on different devices/);
    // The device is still usable afterwards.
    assert.ok(Number.isFinite(crossEntropy(l, [0, 1, 2]).item()));
  });
});
