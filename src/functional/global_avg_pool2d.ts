import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/** The mean of each plane: [N, C, H, W] -> [N, C, 1, 1]. */
export function globalAvgPool2d(x: Tensor): Tensor {
  const k = kernels();
  const y = wrap(k.globalAvgPool2dForward(operand('globalAvgPool2d', 'x', x)));
  if (!needsGrad([x])) return y;
  const inputShape = x.shape.slice();
  const layout = x.layout;
  return record('globalAvgPool2d', y, [x], [], (g) => [wrap(k.globalAvgPool2dBackward(g.handle, inputShape, layout))]);
}
