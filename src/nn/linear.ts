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

  /** x [..., in] -> [..., out] (leading dims flattened into rows and restored, as PyTorch does). */
  forward(x: Tensor): Tensor {
    if (x.ndim === 2) return linear(x, this.weight, this.bias);
    if (x.ndim === 0) throw new Error(`Linear: expected an input [..., ${this.inFeatures}], got a 0-d tensor`);
    const lead = x.shape.slice(0, -1);
    const rows = lead.reduce((a, b) => a * b, 1);
    return linear(x.reshape([rows, x.shape[x.ndim - 1]]), this.weight, this.bias).reshape([...lead, this.outFeatures]);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    if (input.length < 1 || input[input.length - 1] !== this.inFeatures) {
      throw new Error(`Linear: expected an input [..., ${this.inFeatures}], got [${input.join(',')}]`);
    }
    const out = [...input.slice(0, -1), this.outFeatures];
    const rows = input.slice(0, -1).reduce((a, b) => a * b, 1);
    counter.add(this, out, rows * this.inFeatures * this.outFeatures);
    return out;
  }
}
