import { se } from '../functional/se';
import { checkOptions, checkNumber, checkInt } from '../check';
import type { Tensor } from '../tensor';
import { Linear } from './linear';
import { Module } from './module';
import { CostCounter, expect4d, Shape } from './profile';

/**
 * Squeeze-and-excitation (Hu et al.): global average pool, fc1 C -> C/r, ReLU, fc2 C/r -> C,
 * sigmoid, channel-wise scale. C/r is rounded down and at least 1; the fully-connected layers
 * have biases and PyTorch's default initialisation.
 */
export class SE extends Module {
  readonly fc1: Linear;
  readonly fc2: Linear;
  readonly hidden: number;

  constructor(readonly channels: number, opts: { reduction?: number } = {}) {
    super();
    checkInt('SE', 'channels', channels, 1, 2 ** 30);
    opts = checkOptions<{ reduction?: number }>('SE', 'options', opts, ['reduction']);
    if (opts.reduction !== undefined) checkNumber('SE', 'options.reduction', opts.reduction, { above: 0 });
    const reduction = opts.reduction ?? 16;
    if (!(reduction > 0)) throw new Error(`SE: reduction must be positive, got ${reduction}`);
    this.hidden = Math.max(1, Math.floor(channels / reduction));
    this.fc1 = this.registerModule('fc1', new Linear(channels, this.hidden));
    this.fc2 = this.registerModule('fc2', new Linear(this.hidden, channels));
  }

  forward(x: Tensor): Tensor {
    return se(x, this.fc1.weight, this.fc1.bias, this.fc2.weight, this.fc2.bias);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, c, h, w] = expect4d('SE', input, this.channels);
    const fc = 2 * c * this.hidden;
    counter.add(this, input, n * (fc + 2 * c + c * h * w));
    return input.slice();
  }
}
