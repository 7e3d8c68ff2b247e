import type { Tensor } from '../tensor';
import { Module } from './module';
import { CostCounter, numel, Shape } from './profile';

/** [N, ...] -> [N, rest]. */
export class Flatten extends Module {
  forward(x: Tensor): Tensor {
    return x.flatten(1);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    if (input.length < 1) throw new Error('Flatten: expected an input with a batch dimension');
    const out = [input[0], numel(input.slice(1))];
    counter.add(this, out, 0);
    return out;
  }
}
