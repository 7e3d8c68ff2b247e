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

export interface BasicBlockOptions extends BlockRecalibration {
  stride?: number;
  /** Default 'projection' (torchvision); the CIFAR ResNets use 'A'. */
  shortcut?: ShortcutKind;
}

/**
 * The basic residual block (He et al. 2016): conv3x3-BN-ReLU-conv3x3-BN -> R -> + shortcut -> ReLU,
 * R the recalibration (between conv3x3 and its BN with placement 'beforeBn'). Names as torchvision's BasicBlock: conv1, bn1, conv2, bn2, downsample.
 */
export class BasicBlock extends Module {
  static readonly expansion = 1;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly recalibration: Layer | null;
  readonly shortcut: Layer | null;
  readonly placement: RecalibrationPlacement;

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
    ({ recalibration: this.recalibration, shortcut: this.shortcut, placement: this.placement } =
      residualEnd((n, m) => this.registerModule(n, m), inChannels, outChannels, stride, opts));
  }

  forward(x: Tensor): Tensor {
    let y = this.bn1.forwardRelu(this.conv1.forward(x));
    y = residualNorm(this, this.bn2, this.conv2.forward(y));
    return residualForward(this, y, x);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let y = this.bn1.profile(this.conv1.profile(input, counter), counter);
    y = residualNormProfile(this, this.bn2, this.conv2.profile(y, counter), counter);
    return residualProfile('BasicBlock', this, y, input, counter);
  }
}
