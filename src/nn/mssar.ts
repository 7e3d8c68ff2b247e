import { constant } from './init';
import { checkInt, checkNumber, checkOptions, fail } from '../check';
import { checkMssarScales, defaultMssarScales, mssar } from '../functional/mssar';
import { mssarAddRelu } from '../functional/mssar_add_relu';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { CostCounter, expect4d, Shape } from './profile';

export interface MSSAROptions {
  /** Cell sizes: up to 16 integers in [1, 64] (functional.maxMssarScales, maxMssarScale); default [1, 2, 4]. */
  scales?: number[];
  /** Mirrored cells share a weight (weight [K, C, 3]); default false (weight [K, C, 3, 3]). */
  symmetric?: boolean;
  /** Starting value of the bias; default 0, so the gate starts at sigmoid(0) = 0.5. */
  initBias?: number;
}

/**
 * Multi-scale spatially-asymmetric recalibration (docs/mssar.md): y = x * sigmoid(z), z a
 * depthwise context of 3x3 grids of cell means at each scale. K * 9 * C + C parameters
 * (K * 3 * C + C symmetric); the weight starts at zero.
 */
export class MSSAR extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly scales: number[];
  readonly symmetric: boolean;

  constructor(readonly channels: number, opts: MSSAROptions = {}) {
    super();
    checkInt('MSSAR', 'channels', channels, 1, 2 ** 30);
    checkOptions('MSSAR', 'options', opts, ['scales', 'symmetric', 'initBias']);
    if (opts.symmetric !== undefined && typeof opts.symmetric !== 'boolean') fail('MSSAR', 'options.symmetric', 'true or false', opts.symmetric);
    if (opts.initBias !== undefined) checkNumber('MSSAR', 'options.initBias', opts.initBias);
    // The op's own check, so that a module never takes scales its forward would refuse.
    this.scales = checkMssarScales(opts.scales ?? defaultMssarScales, 'MSSAR');
    this.symmetric = opts.symmetric ?? false;
    if (!(Number.isInteger(channels) && channels >= 1)) throw new Error(`MSSAR: channels must be a positive integer, got ${channels}`);
    const k = this.scales.length;
    this.weight = this.registerParameter('weight', constant(this.symmetric ? [k, channels, 3] : [k, channels, 3, 3], 0));
    this.bias = this.registerParameter('bias', constant([channels], opts.initBias ?? 0));
  }

  forward(x: Tensor): Tensor {
    return mssar(x, this.weight, this.bias, { scales: this.scales, symmetric: this.symmetric });
  }

  /** relu(forward(x) + residual) in one pass (functional.mssarAddRelu): the end of a residual block. */
  forwardAddRelu(x: Tensor, residual: Tensor): Tensor {
    return mssarAddRelu(x, this.weight, this.bias, residual, { scales: this.scales, symmetric: this.symmetric });
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, c, h, w] = expect4d('MSSAR', input, this.channels);
    counter.add(this, input, n * c * h * w * (9 * this.scales.length + 2));
    return input.slice();
  }
}
