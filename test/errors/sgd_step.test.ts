// sgdStep: mismatched parameter, gradient and buffer; invalid hyperparameters; disposed tensors.
import { native, NativeTensor } from '../../src/native';
import { rejects } from '../assertions';

const t = (shape: number[], dtype: 'float32' | 'float64' | 'int32' = 'float32'): NativeTensor => native.full(shape, 1, dtype, 'cpu');

describe('sgdStep errors', () => {
  it('rejects a gradient or buffer that does not match the parameter', () => {
    rejects(() => native.sgdStep(t([3, 4]), t([4, 3]), null, 0.1, 0, 0, 0, false, true),
      /^sgdStep: param and grad must have the same shape, got \[3,4\] float32 cpu and \[4,3\] float32 cpu/);
    rejects(() => native.sgdStep(t([3]), t([3], 'float64'), null, 0.1, 0, 0, 0, false, true),
      /^sgdStep: param and grad must have the same dtype/);
    rejects(() => native.sgdStep(t([3]), t([3]), t([4]), 0.1, 0.9, 0, 0, false, false),
      /^sgdStep: param and momentumBuf must have the same shape, got \[3\] float32 cpu and \[4\] float32 cpu/);
    rejects(() => native.sgdStep(t([3]), t([3]), t([3], 'float64'), 0.1, 0.9, 0, 0, false, false),
      /^sgdStep: param and momentumBuf must have the same dtype/);
    rejects(() => native.sgdStep(t([3], 'int32'), t([3], 'int32'), null, 0.1, 0, 0, 0, false, true),
      /^sgdStep: param must be float32 or float64, got \[3\] int32 cpu/);
    const p = t([3]);
    rejects(() => native.sgdStep(p, t([3]), p, 0.1, 0.9, 0, 0, false, false), /^sgdStep: momentumBuf must not share storage with param/);
  });

  it('needs a buffer when momentum is not 0', () => {
    rejects(() => native.sgdStep(t([3]), t([3]), null, 0.1, 0.9, 0, 0, false, true),
      /^sgdStep: momentum 0.9 needs a momentum buffer like param \[3\] float32 cpu/);
  });

  it('rejects invalid hyperparameters', () => {
    rejects(() => native.sgdStep(t([3]), t([3]), null, -0.1, 0, 0, 0, false, true), /^sgdStep: lr must be >= 0, got -0.1/);
    rejects(() => native.sgdStep(t([3]), t([3]), t([3]), 0.1, -0.5, 0, 0, false, true), /^sgdStep: momentum must be >= 0, got -0.5/);
    rejects(() => native.sgdStep(t([3]), t([3]), null, 0.1, 0, 0, -1, false, true), /^sgdStep: weightDecay must be >= 0, got -1/);
    rejects(() => native.sgdStep(t([3]), t([3]), t([3]), 0.1, 0.9, 0.5, 0, true, true),
      /^sgdStep: nesterov needs momentum > 0 and dampening 0, got momentum 0.9, dampening 0.5/);
    rejects(() => native.sgdStep(t([3]), t([3]), null, 0.1, 0, 0, 0, true, true), /^sgdStep: nesterov needs momentum > 0/);
    rejects(() => native.sgdStep(t([3]), t([3]), null, NaN, 0, 0, 0, false, true), /^sgdStep: argument 4 \(lr\): expected a finite number/);
    rejects(() => (native.sgdStep as (...a: unknown[]) => void)(t([3]), t([3]), null, 0.1), /^sgdStep: expected 9 arguments, got 4/);
  });

  it('rejects disposed tensors', () => {
    const g = t([3]);
    g.dispose();
    rejects(() => native.sgdStep(t([3]), g, null, 0.1, 0, 0, 0, false, true), /^sgdStep: argument 2 \(grad\) is a disposed tensor/);
  });
});
