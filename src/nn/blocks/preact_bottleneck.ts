import { add } from '../../functional/add';
import { checkBlockOptions, checkChannels } from './check_block';
import type { Tensor } from '../../tensor';
import { BatchNorm2d } from '../batch_norm2d';
import { Conv2d } from '../conv2d';
import { Module } from '../module';
import { CostCounter, Shape } from '../profile';
import type { Layer } from '../sequential';
import type { PreActBlockOptions } from './preact_basic_block';
import { createRecalibration } from './recalibration';
import { residualSum } from './residual';
import { createShortcut } from './shortcut';

/**
 * The pre-activation bottleneck (He et al. 2016, "Identity mappings"; PreResNet-164):
 * BN-ReLU-conv1x1-BN-ReLU-conv3x3-BN-ReLU-conv1x1 -> R -> + shortcut, `planes` inner channels,
 * 4 * planes out, the shortcut a 1x1 convolution when the shape changes.
 */
export class PreActBottleneck extends Module {
  static readonly expansion = 4;
  readonly outChannels: number;
  readonly bn1: BatchNorm2d;
  readonly conv1: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn3: BatchNorm2d;
  readonly conv3: Conv2d;
  readonly recalibration: Layer | null = null;
  readonly shortcut: Layer | null = null;
  /** Whether a projection shortcut reads relu(bn1(x)) rather than x. */
  readonly preactShortcut: boolean;

  constructor(readonly inChannels: number, readonly planes: number, opts: PreActBlockOptions = {}) {
    super();
    checkChannels('PreActBottleneck', 'inChannels', inChannels);
    checkChannels('PreActBottleneck', 'planes', planes);
    opts = checkBlockOptions<PreActBlockOptions>('PreActBottleneck', opts, ['stride', 'preactShortcut']);
    const stride = opts.stride ?? 1;
    this.preactShortcut = opts.preactShortcut ?? true;
    this.outChannels = planes * PreActBottleneck.expansion;
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(inChannels));
    this.conv1 = this.registerModule('conv1', new Conv2d(inChannels, planes, 1, { bias: false }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(planes));
    this.conv2 = this.registerModule('conv2', new Conv2d(planes, planes, 3, { stride, padding: 1, bias: false }));
    this.bn3 = this.registerModule('bn3', new BatchNorm2d(planes));
    this.conv3 = this.registerModule('conv3', new Conv2d(planes, this.outChannels, 1, { bias: false }));
    const r = createRecalibration(this.outChannels, opts);
    if (r) this.recalibration = this.registerModule(r.name, r.module);
    const s = createShortcut('conv', inChannels, this.outChannels, stride);
    if (s) this.shortcut = this.registerModule('shortcut', s);
  }

  forward(x: Tensor): Tensor {
    const pre = this.bn1.forwardRelu(x);
    let y = this.bn2.forwardRelu(this.conv1.forward(pre));
    y = this.bn3.forwardRelu(this.conv2.forward(y));
    y = this.conv3.forward(y);
    if (this.recalibration) y = this.recalibration.forward(y);
    const short = this.shortcut ? this.shortcut.forward(this.preactShortcut ? pre : x) : x;
    return add(y, short);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const pre = this.bn1.profile(input, counter);
    let y = this.bn2.profile(this.conv1.profile(pre, counter), counter);
    y = this.bn3.profile(this.conv2.profile(y, counter), counter);
    y = this.conv3.profile(y, counter);
    if (this.recalibration) y = this.recalibration.profile(y, counter);
    return residualSum('PreActBottleneck', y, this.shortcut ? this.shortcut.profile(pre, counter) : input);
  }
}
