import type { Tensor } from '../tensor';
import { Module } from './module';
import { CostCounter, Shape } from './profile';

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    counter.add(this, input, 0);
    return input.slice();
  }
}
