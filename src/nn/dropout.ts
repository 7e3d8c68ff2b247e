import { dropout } from '../functional/dropout';
import { checkNumber } from '../check';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { CostCounter, Shape } from './profile';

/** Zeroes each element with probability p while training (scaling the rest by 1/(1-p)); identity in eval. */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    checkNumber('Dropout', 'p', p, { min: 0 });
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
  }

  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training });
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    counter.add(this, input, 0);
    return input.slice();
  }
}
