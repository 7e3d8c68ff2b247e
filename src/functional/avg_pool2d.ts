import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { Pool2dOptions, windowPairs } from './pool2d_options';
import { operand } from './operand';

export interface AvgPool2dOptions extends Pool2dOptions {
  /** Count the zero padding in the divisor (default true); else divide by the cells inside the input. */
  countIncludePad?: boolean;
}

/** The mean of each window of x [N, C, H, W] (zero padding). */
export function avgPool2d(x: Tensor, opts: AvgPool2dOptions): Tensor {
  const [kernel, stride, padding] = windowPairs('avgPool2d', opts);
  const ceilMode = opts.ceilMode ?? false;
  const countIncludePad = opts.countIncludePad ?? true;
  const k = kernels();
  const y = wrap(k.avgPool2dForward(operand('avgPool2d', 'x', x), kernel, stride, padding, ceilMode, countIncludePad));
  if (!needsGrad([x])) return y;
  const inputShape = x.shape.slice();
  return record('avgPool2d', y, [x], [], (g) =>
    [wrap(k.avgPool2dBackward(g.handle, inputShape, kernel, stride, padding, ceilMode, countIncludePad))]);
}
