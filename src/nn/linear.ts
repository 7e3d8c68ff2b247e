import { linear } from '../functional/linear';
import { checkOptions, checkBool, checkInt } from '../check';
import type { Tensor } from '../tensor';
import { uniform } from './init';
import { Module } from './module';
import { CostCounter, Shape } from './profile';

/**
 * y = x W^T + b; weight [out, in], bias [out]. Initialised as PyTorch's nn.Linear: weight and
 * bias uniform in +-1/sqrt(in).
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: { bias?: boolean } = {}) {
    super();
    checkInt('Linear', 'inFeatures', inFeatures, 1, 2 ** 30);
    checkInt('Linear', 'outFeatures', outFeatures, 1, 2 ** 30);
    opts = checkOptions<{ bias?: boolean }>('Linear', 'options', opts, ['bias']);
    if (opts.bias !== undefined) checkBool('Linear', 'options.bias', opts.bias);
    if (!(Number.isInteger(inFeatures) && inFeatures >= 1 && Number.isInteger(outFeatures) && outFeatures >= 1)) {
      throw new Error(`Linear: features must be positive integers, got ${inFeatures} -> ${outFeatures}`);
    }
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = this.registerParameter('weight', uniform([outFeatures, inFeatures], bound));
    this.bias = (opts.bias ?? true) ? this.registerParameter('bias', uniform([outFeatures], bound)) : null;
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    if (input.length !== 2 || input[1] !== this.inFeatures) {
      throw new Error(`Linear: expected an input [N, ${this.inFeatures}], got [${input.join(',')}]`);
    }
    const out = [input[0], this.outFeatures];
    counter.add(this, out, input[0] * this.inFeatures * this.outFeatures);
    return out;
  }
}
