// shortcutA: shape, option, dtype, layout and disposal errors name the op and the tensors.
import { native, reference } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { shortcutA } from '../../src/functional/shortcut_a';
import { rejects } from '../assertions';

describe('shortcutA errors', () => {
  const x = zeros([2, 3, 4, 4]);

  it('x that is not 4-d, or not float', () => {
    rejects(() => shortcutA(zeros([2, 3, 4]), { stride: 2 }), /^shortcutA: x must be 4-d \[N, C, H, W\], got \[2,3,4\] float32 cpu/);
    rejects(() => shortcutA(tensor([1], [1, 1, 1, 1], { dtype: 'int32' })), /^shortcutA: x must be float32 or float64, got \[1,1,1,1\] int32 cpu/);
  });

  it('a stride below 1 or fewer output channels than input channels', () => {
    rejects(() => shortcutA(x, { stride: 0 }), /^shortcutA: stride must be in \[1, 2\^30\), got 0 \(x \[2,3,4,4\] float32 cpu\)/);
    rejects(() => shortcutA(x, { outChannels: 2 }), /^shortcutA: outChannels must be at least the 3 channels of x \[2,3,4,4\] float32 cpu/);
    rejects(() => shortcutA(x, { stride: 1.5 }), /^shortcutA: stride must be an integer, got 1.5/);
  });

  it('a blocked layout on the reference kernels', () => {
    const b = zeros([2, 3, 4, 4], { dtype: 'float64' }).toLayout('nChw16c');
    rejects(() => reference(() => shortcutA(b, { stride: 2 })),
      /^shortcutA: the reference kernels take plain float64 tensors on the cpu, got \[2,3,4,4\] float64 cpu nChw16c/);
  });

  it('backward: dy must be the output of the input shape', () => {
    const dy = native.full([2, 6, 2, 2], 1, 'float32', 'cpu');
    rejects(() => native.shortcutABackward(dy, [2, 3, 5, 5], 2),
      /^shortcutA backward: dy \[2,6,2,2\] float32 cpu is not the output of input shape \[2,3,5,5\] with stride 2/);
    rejects(() => native.shortcutABackward(dy, [2, 8, 4, 4], 2), /^shortcutA backward: dy .* is not the output of input shape \[2,8,4,4\]/);
    rejects(() => native.shortcutABackward(dy, [2, 3, 4], 2), /^shortcutA backward: input shape must be 4-d/);
    rejects(() => native.shortcutABackward(dy, [2, 3, 4, 4], 0), /^shortcutA backward: stride must be in \[1, 2\^30\), got 0/);
  });

  it('disposed tensors and non-tensors', () => {
    const gone = zeros([1, 1, 2, 2]);
    gone.dispose();
    rejects(() => shortcutA(gone), /^shortcutA: x \[1,1,2,2\] float32 cpu is disposed/);
    rejects(() => shortcutA('x' as never), /^shortcutA: x must be a Tensor, got string/);
  });
});
