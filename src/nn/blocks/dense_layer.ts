import { concat } from '../../functional/concat';
import { checkBlockOptions, checkChannels } from './check_block';
import type { Tensor } from '../../tensor';
import { BatchNorm2d } from '../batch_norm2d';
import { Conv2d } from '../conv2d';
import { Dropout } from '../dropout';
import type { KaimingMode } from '../init';
import { Module } from '../module';
import { CostCounter, expect4d, Shape } from '../profile';
import type { Layer } from '../sequential';
import { BlockRecalibration, createRecalibration } from './recalibration';

export interface DenseLayerOptions extends BlockRecalibration {
  /**
   * With a bottleneck (DenseNet-B): BN-ReLU-conv1x1 to bottleneckWidth * growthRate channels
   * first (4 in the paper); without (default), BN-ReLU-conv3x3 alone.
   */
  bottleneckWidth?: number;
  /** Dropout on the new feature maps (default 0). */
  dropout?: number;
  /** The convolutions' Kaiming fan (default fan-out; torchvision's DenseNet uses fan-in). */
  init?: KaimingMode;
}

/**
 * One layer of a dense block (Huang et al.): computes `growthRate` new feature maps from its input
 * ([BN-ReLU-conv1x1]-BN-ReLU-conv3x3 -> R -> dropout) and returns the input with them appended
 * (inChannels + growthRate channels). Names as torchvision's _DenseLayer: norm1, conv1, norm2, conv2.
 */
export class DenseLayer extends Module {
  readonly outChannels: number;
  readonly norm1: BatchNorm2d;
  readonly conv1: Conv2d;
  readonly norm2: BatchNorm2d | null = null;
  readonly conv2: Conv2d | null = null;
  readonly recalibration: Layer | null = null;
  readonly dropout: Dropout | null = null;

  constructor(readonly inChannels: number, readonly growthRate: number, opts: DenseLayerOptions = {}) {
    super();
    checkChannels('DenseLayer', 'inChannels', inChannels);
    checkChannels('DenseLayer', 'growthRate', growthRate);
    opts = checkBlockOptions<DenseLayerOptions>('DenseLayer', opts, ['bottleneckWidth', 'dropout', 'init']);
    this.outChannels = inChannels + growthRate;
    const init = opts.init;
    this.norm1 = this.registerModule('norm1', new BatchNorm2d(inChannels));
    if (opts.bottleneckWidth !== undefined) {
      const width = opts.bottleneckWidth * growthRate;
      this.conv1 = this.registerModule('conv1', new Conv2d(inChannels, width, 1, { bias: false, init }));
      this.norm2 = this.registerModule('norm2', new BatchNorm2d(width));
      this.conv2 = this.registerModule('conv2', new Conv2d(width, growthRate, 3, { padding: 1, bias: false, init }));
    } else {
      this.conv1 = this.registerModule('conv1', new Conv2d(inChannels, growthRate, 3, { padding: 1, bias: false, init }));
    }
    const r = createRecalibration(growthRate, opts);
    if (r) this.recalibration = this.registerModule(r.name, r.module);
    if ((opts.dropout ?? 0) > 0) this.dropout = this.registerModule('dropout', new Dropout(opts.dropout));
  }

  /** The new feature maps alone ([N, growthRate, H, W]). */
  newFeatures(x: Tensor): Tensor {
    let y = this.conv1.forward(this.norm1.forwardRelu(x));
    if (this.norm2 && this.conv2) y = this.conv2.forward(this.norm2.forwardRelu(y));
    if (this.recalibration) y = this.recalibration.forward(y);
    if (this.dropout) y = this.dropout.forward(y);
    return y;
  }

  forward(x: Tensor): Tensor {
    return concat([x, this.newFeatures(x)], 1);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, , h, w] = expect4d('DenseLayer', input, this.inChannels);
    let y = this.conv1.profile(this.norm1.profile(input, counter), counter);
    if (this.norm2 && this.conv2) y = this.conv2.profile(this.norm2.profile(y, counter), counter);
    if (this.recalibration) y = this.recalibration.profile(y, counter);
    if (y[2] !== h || y[3] !== w) throw new Error(`DenseLayer: new maps [${y.join(',')}] do not fit input [${input.join(',')}]`);
    return [n, this.outChannels, h, w];
  }
}
