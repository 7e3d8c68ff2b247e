import { constant } from './init';
import { checkInt, checkNumber, checkOptions, fail } from '../check';
import { add } from '../functional/add';
import { globalAvgPool2d } from '../functional/global_avg_pool2d';
import { mul } from '../functional/mul';
import { checkMssarScales, defaultMssarScales, mssar } from '../functional/mssar';
import { mssarAddRelu } from '../functional/mssar_add_relu';
import { operand } from '../functional/operand';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { CostCounter, expect4d, Shape } from './profile';

export interface MSSAROptions {
  /** Cell sizes: up to 16 integers in [1, 64] (functional.maxMssarScales, maxMssarScale); default [1, 2, 4]. */
  scales?: number[];
  /** Mirrored cells share a weight (weight [K, C, 3]); default false (weight [K, C, 3, 3]). */
  symmetric?: boolean;
  /**
   * Starting value of the bias; default 4 (defaultMssarInitBias), so the gate starts at
   * sigmoid(4) = 0.982 and the block at nearly its plain twin. 0 is the starting definition's gate of 1/2.
   */
  initBias?: number;
  /**
   * A global-average scale beside the local cells: z gains globalWeight[c] times the mean of the
   * channel's whole map (parameter globalWeight [C], starting at 0); default false.
   */
  global?: boolean;
}

/**
 * MS-SAR's starting bias. 4 since the validation grid of docs/results.md (section 3) measured it
 * best of the variants tried; the starting definition had 0.
 */
export const defaultMssarInitBias = 4;

/**
 * Multi-scale spatially-asymmetric recalibration (docs/mssar.md): y = x * sigmoid(z), z a
 * depthwise context of 3x3 grids of cell means at each scale. K * 9 * C + C parameters
 * (K * 3 * C + C symmetric), C more with the global-average scale; the weights start at zero.
 */
export class MSSAR extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  /** [C]: the weight of each channel's global average; null unless the option global is set. */
  readonly globalWeight: Tensor | null;
  readonly scales: number[];
  readonly symmetric: boolean;
  readonly global: boolean;

  constructor(readonly channels: number, opts: MSSAROptions = {}) {
    super();
    checkInt('MSSAR', 'channels', channels, 1, 2 ** 30);
    checkOptions('MSSAR', 'options', opts, ['scales', 'symmetric', 'initBias', 'global']);
    if (opts.symmetric !== undefined && typeof opts.symmetric !== 'boolean') fail('MSSAR', 'options.symmetric', 'true or false', opts.symmetric);
    if (opts.global !== undefined && typeof opts.global !== 'boolean') fail('MSSAR', 'options.global', 'true or false', opts.global);
    if (opts.initBias !== undefined) checkNumber('MSSAR', 'options.initBias', opts.initBias);
    // The op's own check, so that a module never takes scales its forward would refuse.
    this.scales = checkMssarScales(opts.scales ?? defaultMssarScales, 'MSSAR');
    this.symmetric = opts.symmetric ?? false;
    this.global = opts.global ?? false;
    const k = this.scales.length;
    this.weight = this.registerParameter('weight', constant(this.symmetric ? [k, channels, 3] : [k, channels, 3, 3], 0));
    this.bias = this.registerParameter('bias', constant([channels], opts.initBias ?? defaultMssarInitBias));
    this.globalWeight = this.global ? this.registerParameter('globalWeight', constant([channels], 0)) : null;
  }

  forward(x: Tensor): Tensor {
    return mssar(x, this.weight, this.contextBias(x), { scales: this.scales, symmetric: this.symmetric });
  }

  /** relu(forward(x) + residual) in one pass (functional.mssarAddRelu): the end of a residual block. */
  forwardAddRelu(x: Tensor, residual: Tensor): Tensor {
    return mssarAddRelu(x, this.weight, this.contextBias(x), residual, { scales: this.scales, symmetric: this.symmetric });
  }

  /**
   * The op's bias: the parameter [C], or with the global-average scale bias + globalWeight *
   * mean_{h,w} x as [N, C], built from differentiable ops so that autograd carries its gradients.
   */
  private contextBias(x: Tensor): Tensor {
    if (!this.globalWeight) return this.bias;
    // The op's own checks come after the pooling: name the module, not the pooling, for a bad x.
    const handle = operand('MSSAR', 'x', x);
    if (x.ndim !== 4 || x.shape[1] !== this.channels) {
      throw new Error(`MSSAR: x must be [N, ${this.channels}, H, W], got ${handle.describe()}`);
    }
    const [n, c] = x.shape;
    return add(this.bias, mul(globalAvgPool2d(x).reshape([n, c]), this.globalWeight));
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, c, h, w] = expect4d('MSSAR', input, this.channels);
    // The global scale: one addition per element for the means, a product and a sum per plane.
    const global = this.global ? n * c * h * w + 2 * n * c : 0;
    counter.add(this, input, n * c * h * w * (9 * this.scales.length + 2) + global);
    return input.slice();
  }
}
