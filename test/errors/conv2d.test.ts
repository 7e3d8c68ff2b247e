// Every kind of bad conv2d input gives an Error that names the op and shows the shapes.
import { conv2d } from '../../src/functional/conv2d';
import { tensor, zeros } from '../../src/creation';
import { Tensor } from '../../src/tensor';
import { native } from '../../src/native';
import { tidy } from '../../src/scope';
import { rejects } from '../assertions';

const x = (shape: number[], dtype: 'float32' | 'float64' = 'float32') => zeros(shape, { dtype });

describe('conv2d errors', () => {
  it('zero stride', () => tidy(() => {
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3]), null, { stride: 0 }), /^conv2d: stride/, '[2,3,5,5]', '[4,3,3,3]');
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3]), null, { stride: [1, 0] }), /^conv2d: stride/, '[2,3,5,5]');
  }));

  it('negative padding', () => tidy(() => {
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3]), null, { padding: -1 }), /^conv2d: padding/, '[2,3,5,5]', '[4,3,3,3]');
  }));

  it('zero dilation and zero groups', () => tidy(() => {
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3]), null, { dilation: [0, 1] }), /^conv2d: dilation/, '[2,3,5,5]');
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3]), null, { groups: 0 }), /^conv2d: groups/, '[2,3,5,5]');
  }));

  it('absurdly large options are refused before any size arithmetic', () => tidy(() => {
    rejects(() => conv2d(x([1, 1, 3, 3]), x([1, 1, 3, 3]), null, { padding: 2 ** 40 }), /^conv2d: padding/, '[1,1,3,3]');
    rejects(() => conv2d(x([1, 1, 3, 3]), x([1, 1, 3, 3]), null, { dilation: 2 ** 40 }), /^conv2d: dilation/);
  }));

  it('groups not dividing the channels', () => tidy(() => {
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 1, 3, 3]), null, { groups: 2 }), /^conv2d: groups 2/, '[2,3,5,5]', '[4,1,3,3]');
    rejects(() => conv2d(x([2, 4, 5, 5]), x([3, 2, 3, 3]), null, { groups: 2 }), /^conv2d: groups 2/, '[2,4,5,5]', '[3,2,3,3]');
  }));

  it('wrong ranks', () => tidy(() => {
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3])), /^conv2d: weight must be 4-d/, '[4,3,3]', '[2,3,5,5]');
    rejects(() => conv2d(x([3, 5, 5]), x([4, 3, 3, 3])), /^conv2d: x must be 4-d/, '[3,5,5]');
  }));

  it('mismatched channels', () => tidy(() => {
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 2, 3, 3])), /^conv2d: weight/, '[4,2,3,3]', '[2,3,5,5]');
  }));

  it('bias of the wrong shape or dtype', () => tidy(() => {
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3]), x([5])), /^conv2d: bias must have shape \[4\]/, '[5]', '[4,3,3,3]');
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3]), x([1, 4])), /^conv2d: bias/, '[1,4]');
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3]), x([4], 'float64')), /^conv2d: .*dtype/, '[4] float64', '[2,3,5,5] float32');
  }));

  it('float32 and float64 mixed', () => tidy(() => {
    rejects(() => conv2d(x([2, 3, 5, 5]), x([4, 3, 3, 3], 'float64')), /^conv2d: x and weight must have the same dtype/,
      '[2,3,5,5] float32', '[4,3,3,3] float64');
  }));

  it('int32 tensors', () => tidy(() => {
    const xi = tensor(new Int32Array(2 * 3 * 5 * 5), [2, 3, 5, 5], { dtype: 'int32' });
    rejects(() => conv2d(xi, x([4, 3, 3, 3])), /^conv2d: x must be float32 or float64/, '[2,3,5,5] int32');
  }));

  it('disposed tensors', () => {
    const w = x([4, 3, 3, 3]);
    const xd = x([2, 3, 5, 5]);
    xd.dispose();
    rejects(() => conv2d(xd, w), /^conv2d: x/, '[2,3,5,5]', 'disposed');
    const wd = x([4, 3, 3, 3]);
    wd.dispose();
    rejects(() => conv2d(x([2, 3, 5, 5]), wd), /^conv2d: weight/, '[4,3,3,3]', 'disposed');
    w.dispose();
  });

  it('output size below 1', () => tidy(() => {
    rejects(() => conv2d(x([1, 1, 2, 2]), x([1, 1, 3, 3])), /^conv2d: output size would be less than 1/, '[1,1,2,2]', '[1,1,3,3]');
    rejects(() => conv2d(x([1, 1, 5, 5]), x([1, 1, 3, 3]), null, { dilation: 3 }), /^conv2d: output size/, '[1,1,5,5]');
  }));

  it('an output too large to allocate', () => tidy(() => {
    rejects(() => conv2d(x([1, 1, 1, 1]), x([1, 1, 1, 1]), null, { padding: 2 ** 24 }), /^conv2d: cannot allocate the output/,
      '[1,1,33554433,33554433]');
    // Beyond 2^53 elements the size itself is refused, before any allocation (issue 11).
    rejects(() => conv2d(x([1, 1, 1, 1]), x([1, 1, 1, 1]), null, { padding: 2 ** 29 }), /^conv2d: output \[1,1,1073741825,1073741825\] would hold more than 2\^53 elements/,
      '[1,1,1073741825,1073741825]');
  }));

  it('options that are not numbers or pairs', () => tidy(() => {
    rejects(() => conv2d(x([1, 1, 5, 5]), x([1, 1, 3, 3]), null, { stride: [1, 2, 3] as unknown as [number, number] }), /^conv2d: stride/);
    rejects(() => conv2d(x([1, 1, 5, 5]), x([1, 1, 3, 3]), null, { stride: 1.5 }), /conv2d.*stride/);
  }));

  it('backward entry: dy of the wrong shape, wrong needs', () => tidy(() => {
    const xs = x([2, 3, 5, 5]), ws = x([4, 3, 3, 3]);
    const dy = x([2, 4, 4, 4]);
    rejects(() => native.conv2dBackward(dy.handle, xs.handle, ws.handle, false, [1, 1], [0, 0], [1, 1], 1, [true, true, false]),
      /^conv2d backward: dy must have the output's shape \[2,4,3,3\]/, '[2,4,4,4]');
    rejects(() => native.conv2dBackward(dy.handle, xs.handle, ws.handle, false, [1, 1], [0, 0], [1, 1], 1, [true]),
      /conv2d backward.*needs/);
  }));

  it('a tensor that is not a Tensor', () => {
    rejects(() => conv2d(3 as unknown as Tensor, x([4, 3, 3, 3])), /^conv2d: x must be a Tensor/);
  });
});
