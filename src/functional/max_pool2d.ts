import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { Pool2dOptions, windowPairs } from './pool2d_options';
import { operand } from './operand';

export type MaxPool2dOptions = Pool2dOptions;

/**
 * The maximum of each window of x [N, C, H, W]. Padding never wins (it acts as -inf); the gradient
 * goes to the window's first maximum.
 */
export function maxPool2d(x: Tensor, opts: MaxPool2dOptions): Tensor {
  const [kernel, stride, padding] = windowPairs('maxPool2d', opts);
  const k = kernels();
  const [yHandle, indices] = k.maxPool2dForward(operand('maxPool2d', 'x', x), kernel, stride, padding, opts.ceilMode ?? false);
  const y = wrap(yHandle);
  if (!needsGrad([x])) {
    indices.dispose();
    return y;
  }
  const inputShape = x.shape.slice();
  return record('maxPool2d', y, [x], [indices], (g) => [wrap(k.maxPool2dBackward(g.handle, indices, inputShape))]);
}
