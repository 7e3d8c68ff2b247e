import { addRelu } from '../../functional/add_relu';
import { checkBlockOptions, checkChannels } from './check_block';
import type { Tensor } from '../../tensor';
import { BatchNorm2d } from '../batch_norm2d';
import { Conv2d } from '../conv2d';
import { Module } from '../module';
import { MSSAR } from '../mssar';
import { CostCounter, Shape } from '../profile';
import type { Layer } from '../sequential';
import { BlockRecalibration, createRecalibration } from './recalibration';
import { residualSum } from './residual';
import { createShortcut, shortcutName, ShortcutKind } from './shortcut';

export interface BottleneckOptions extends BlockRecalibration {
  /** On the 3x3 convolution (torchvision's "ResNet v1.5"). */
  stride?: number;
  /** Default 'projection'. */
  shortcut?: ShortcutKind;
}

/**
 * The bottleneck residual block: conv1x1-BN-ReLU-conv3x3-BN-ReLU-conv1x1-BN -> R -> + shortcut ->
 * ReLU, with `planes` inner channels and 4 * planes out. Names as torchvision's Bottleneck.
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
  readonly recalibration: Layer | null = null;
  readonly shortcut: Layer | null = null;

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
    const r = createRecalibration(this.outChannels, opts);
    if (r) this.recalibration = this.registerModule(r.name, r.module);
    const kind = opts.shortcut ?? 'projection';
    const s = createShortcut(kind, inChannels, this.outChannels, stride);
    if (s) this.shortcut = this.registerModule(shortcutName(kind), s);
  }

  forward(x: Tensor): Tensor {
    let y = this.bn1.forwardRelu(this.conv1.forward(x));
    y = this.bn2.forwardRelu(this.conv2.forward(y));
    y = this.bn3.forward(this.conv3.forward(y));
    const short = this.shortcut ? this.shortcut.forward(x) : x;
    // MS-SAR, the sum and the ReLU in one pass.
    if (this.recalibration instanceof MSSAR) return this.recalibration.forwardAddRelu(y, short);
    if (this.recalibration) y = this.recalibration.forward(y);
    return addRelu(y, short);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let y = this.bn1.profile(this.conv1.profile(input, counter), counter);
    y = this.bn2.profile(this.conv2.profile(y, counter), counter);
    y = this.bn3.profile(this.conv3.profile(y, counter), counter);
    if (this.recalibration) y = this.recalibration.profile(y, counter);
    return residualSum('Bottleneck', y, this.shortcut ? this.shortcut.profile(input, counter) : input);
  }
}
