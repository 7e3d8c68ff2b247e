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

export interface BasicBlockOptions extends BlockRecalibration {
  stride?: number;
  /** Default 'projection' (torchvision); the CIFAR ResNets use 'A'. */
  shortcut?: ShortcutKind;
}

/**
 * The basic residual block (He et al. 2016): conv3x3-BN-ReLU-conv3x3-BN -> R -> + shortcut -> ReLU,
 * R the recalibration. Names as torchvision's BasicBlock: conv1, bn1, conv2, bn2, downsample.
 */
export class BasicBlock extends Module {
  static readonly expansion = 1;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly recalibration: Layer | null = null;
  readonly shortcut: Layer | null = null;

  constructor(readonly inChannels: number, readonly outChannels: number, opts: BasicBlockOptions = {}) {
    super();
    checkChannels('BasicBlock', 'inChannels', inChannels);
    checkChannels('BasicBlock', 'outChannels', outChannels);
    opts = checkBlockOptions<BasicBlockOptions>('BasicBlock', opts, ['stride', 'shortcut']);
    const stride = opts.stride ?? 1;
    this.conv1 = this.registerModule('conv1', new Conv2d(inChannels, outChannels, 3, { stride, padding: 1, bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(outChannels));
    this.conv2 = this.registerModule('conv2', new Conv2d(outChannels, outChannels, 3, { padding: 1, bias: false }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(outChannels));
    const r = createRecalibration(outChannels, opts);
    if (r) this.recalibration = this.registerModule(r.name, r.module);
    const kind = opts.shortcut ?? 'projection';
    const s = createShortcut(kind, inChannels, outChannels, stride);
    if (s) this.shortcut = this.registerModule(shortcutName(kind), s);
  }

  forward(x: Tensor): Tensor {
    let y = this.bn1.forwardRelu(this.conv1.forward(x));
    y = this.bn2.forward(this.conv2.forward(y));
    const short = this.shortcut ? this.shortcut.forward(x) : x;
    // MS-SAR, the sum and the ReLU in one pass.
    if (this.recalibration instanceof MSSAR) return this.recalibration.forwardAddRelu(y, short);
    if (this.recalibration) y = this.recalibration.forward(y);
    return addRelu(y, short);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let y = this.bn1.profile(this.conv1.profile(input, counter), counter);
    y = this.bn2.profile(this.conv2.profile(y, counter), counter);
    if (this.recalibration) y = this.recalibration.profile(y, counter);
    return residualSum('BasicBlock', y, this.shortcut ? this.shortcut.profile(input, counter) : input);
  }
}
