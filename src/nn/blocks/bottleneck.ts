import { checkBlockOptions, checkChannels } from './check_block';
import type { Tensor } from '../../tensor';
import { BatchNorm2d } from '../batch_norm2d';
import { Conv2d } from '../conv2d';
import { Module } from '../module';
import { CostCounter, Shape } from '../profile';
import type { Layer } from '../sequential';
import type { BlockRecalibration, RecalibrationPlacement } from './recalibration';
import { residualEnd, residualForward, residualNorm, residualNormProfile, residualProfile } from './residual';
import type { ShortcutKind } from './shortcut';

export interface BottleneckOptions extends BlockRecalibration {
  /** On the 3x3 convolution (torchvision's "ResNet v1.5"). */
  stride?: number;
  /** Default 'projection'. */
  shortcut?: ShortcutKind;
}

/**
 * The bottleneck residual block: conv1x1-BN-ReLU-conv3x3-BN-ReLU-conv1x1-BN -> R -> + shortcut ->
 * ReLU (R before the last BN with placement 'beforeBn'), with `planes` inner channels and 4 * planes out. Names as torchvision's Bottleneck.
 */
export class Bottleneck extends Module {
  static readonly expansion = 4;
  readonly outChannels: number;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly conv3: Conv2d;
  readonly bn3: BatchNorm2d;
  readonly recalibration: Layer | null;
  readonly shortcut: Layer | null;
  readonly placement: RecalibrationPlacement;

  constructor(readonly inChannels: number, readonly planes: number, opts: BottleneckOptions = {}) {
    super();
    checkChannels('Bottleneck', 'inChannels', inChannels);
    checkChannels('Bottleneck', 'planes', planes);
    opts = checkBlockOptions<BottleneckOptions>('Bottleneck', opts, ['stride', 'shortcut']);
    const stride = opts.stride ?? 1;
    this.outChannels = planes * Bottleneck.expansion;
    this.conv1 = this.registerModule('conv1', new Conv2d(inChannels, planes, 1, { bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(planes));
    this.conv2 = this.registerModule('conv2', new Conv2d(planes, planes, 3, { stride, padding: 1, bias: false }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(planes));
    this.conv3 = this.registerModule('conv3', new Conv2d(planes, this.outChannels, 1, { bias: false }));
    this.bn3 = this.registerModule('bn3', new BatchNorm2d(this.outChannels));
    ({ recalibration: this.recalibration, shortcut: this.shortcut, placement: this.placement } =
      residualEnd((n, m) => this.registerModule(n, m), inChannels, this.outChannels, stride, opts));
  }

  forward(x: Tensor): Tensor {
    let y = this.bn1.forwardRelu(this.conv1.forward(x));
    y = this.bn2.forwardRelu(this.conv2.forward(y));
    y = residualNorm(this, this.bn3, this.conv3.forward(y));
    return residualForward(this, y, x);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let y = this.bn1.profile(this.conv1.profile(input, counter), counter);
    y = this.bn2.profile(this.conv2.profile(y, counter), counter);
    y = residualNormProfile(this, this.bn3, this.conv3.profile(y, counter), counter);
    return residualProfile('Bottleneck', this, y, input, counter);
  }
}
