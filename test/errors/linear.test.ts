// Every kind of bad linear input gives an Error that names the op and shows the shapes.
import { linear } from '../../src/functional/linear';
import { zeros } from '../../src/creation';
import { native } from '../../src/native';
import { tidy } from '../../src/scope';
import { rejects } from '../assertions';

const t = (shape: number[], dtype: 'float32' | 'float64' = 'float32') => zeros(shape, { dtype });

describe('linear errors', () => {
  it('wrong ranks', () => tidy(() => {
    rejects(() => linear(t([5]), t([4, 5])), /^linear: x must be 2-d/, '[5]', '[4,5]');
    rejects(() => linear(t([3, 5]), t([4, 5, 1])), /^linear: weight must be 2-d/, '[4,5,1]', '[3,5]');
  }));

  it('mismatched features', () => tidy(() => {
    rejects(() => linear(t([3, 7]), t([4, 5])), /^linear: x/, '[3,7]', '[4,5]');
  }));

  it('bias of the wrong shape', () => tidy(() => {
    rejects(() => linear(t([3, 5]), t([4, 5]), t([5])), /^linear: bias must have shape \[4\]/, '[5]', '[4,5]');
    rejects(() => linear(t([3, 5]), t([4, 5]), t([1, 4])), /^linear: bias/, '[1,4]');
  }));

  it('float32 and float64 mixed', () => tidy(() => {
    rejects(() => linear(t([3, 5]), t([4, 5], 'float64')), /^linear: x and weight must have the same dtype/, '[3,5] float32', '[4,5] float64');
    rejects(() => linear(t([3, 5]), t([4, 5]), t([4], 'float64')), /^linear: .*dtype/, '[4] float64');
  }));

  it('empty weight', () => tidy(() => {
    rejects(() => linear(t([3, 0]), t([4, 0])), /^linear: weight must have at least one/, '[4,0]');
  }));

  it('disposed tensors', () => {
    const x = t([3, 5]);
    x.dispose();
    const w = t([4, 5]);
    rejects(() => linear(x, w), /^linear: x/, '[3,5]', 'disposed');
    const b = t([4]);
    b.dispose();
    rejects(() => linear(t([3, 5]), w, b), /^linear: bias/, '[4]', 'disposed');
    w.dispose();
  });

  it('backward entry: dy of the wrong shape', () => tidy(() => {
    const x = t([3, 5]), w = t([4, 5]), dy = t([3, 5]);
    rejects(() => native.linearBackward(dy.handle, x.handle, w.handle, true, [true, true, true]),
      /^linear backward: dy must have the output's shape \[3,4\]/, '[3,5]');
  }));
});
