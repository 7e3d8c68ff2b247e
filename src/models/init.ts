import { zeros } from '../creation';
import { noGrad } from '../autograd';
import type { Linear } from '../nn/linear';

/** Sets a Linear layer's bias to zero (the reference CIFAR codes and torchvision's DenseNet do). */
export function zeroBias(fc: Linear): void {
  if (fc.bias) {
    const b = fc.bias;
    noGrad(() => b.set_(zeros(b.shape, { dtype: b.dtype, device: b.device })));
  }
}
