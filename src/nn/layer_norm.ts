import { layerNorm } from '../functional/layer_norm';
import { checkOptions, checkBool, checkNumber, checkShape, show } from '../check';
import type { Tensor } from '../tensor';
import { constant } from './init';
import { Module } from './module';
import { CostCounter, numel, Shape } from './profile';

export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** A learned weight (ones) and bias (zeros) of normalizedShape (default true). */
  elementwiseAffine?: boolean;
}

/** torch.nn.LayerNorm: normalizes the last dims of its input, those of normalizedShape. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    checkShape('LayerNorm', 'normalizedShape', shape);
    if (shape.length === 0 || shape.some((d) => d < 1)) throw new Error(`LayerNorm: normalizedShape must hold integers >= 1, got ${show(normalizedShape)}`);
    opts = checkOptions<LayerNormOptions>('LayerNorm', 'options', opts, ['eps', 'elementwiseAffine']);
    this.eps = opts.eps === undefined ? 1e-5 : checkNumber('LayerNorm', 'options.eps', opts.eps, { above: 0 });
    const affine = opts.elementwiseAffine === undefined ? true : checkBool('LayerNorm', 'options.elementwiseAffine', opts.elementwiseAffine);
    this.normalizedShape = shape.slice();
    this.weight = affine ? this.registerParameter('weight', constant(shape, 1)) : null;
    this.bias = affine ? this.registerParameter('bias', constant(shape, 0)) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const tail = input.slice(input.length - this.normalizedShape.length);
    if (input.length < this.normalizedShape.length || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new Error(`LayerNorm: expected an input ending in [${this.normalizedShape.join(',')}], got [${input.join(',')}]`);
    }
    // One multiply-add per element for the normalization and one for the affine map.
    counter.add(this, input, numel(input) * (this.weight ? 2 : 1));
    return input.slice();
  }
}
