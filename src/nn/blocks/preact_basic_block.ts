import { add } from '../../functional/add';
import { checkBlockOptions, checkChannels } from './check_block';
import type { Tensor } from '../../tensor';
import { BatchNorm2d } from '../batch_norm2d';
import { Conv2d } from '../conv2d';
import { Dropout } from '../dropout';
import { Module } from '../module';
import { CostCounter, Shape } from '../profile';
import type { Layer } from '../sequential';
import { BlockRecalibration, createRecalibration } from './recalibration';
import { residualSum } from './residual';
import { createShortcut } from './shortcut';

export interface PreActBlockOptions extends BlockRecalibration {
  stride?: number;
  /**
   * Whether a projection shortcut reads the pre-activated input relu(bn1(x)) rather than x.
   * Default true, as fb.resnet.torch's pre-activation ResNets and Zagoruyko's WRN code do.
   */
  preactShortcut?: boolean;
}

/**
 * The pre-activation basic block (He et al. 2016, "Identity mappings"), the wide block of
 * Zagoruyko and Komodakis: BN-ReLU-conv3x3-BN-ReLU-(dropout)-conv3x3 -> R -> + shortcut, the
 * shortcut a 1x1 convolution when the shape changes.
 */
export class PreActBasicBlock extends Module {
  readonly bn1: BatchNorm2d;
  readonly conv1: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly dropout: Dropout | null = null;
  readonly conv2: Conv2d;
  readonly recalibration: Layer | null = null;
  readonly shortcut: Layer | null = null;
  /** Whether a projection shortcut reads relu(bn1(x)) rather than x. */
  readonly preactShortcut: boolean;

  constructor(readonly inChannels: number, readonly outChannels: number, opts: PreActBlockOptions & { dropout?: number } = {}) {
    super();
    checkChannels('PreActBasicBlock', 'inChannels', inChannels);
    checkChannels('PreActBasicBlock', 'outChannels', outChannels);
    opts = checkBlockOptions<PreActBlockOptions & { dropout?: number }>('PreActBasicBlock', opts, ['stride', 'preactShortcut', 'dropout']);
    const stride = opts.stride ?? 1;
    this.preactShortcut = opts.preactShortcut ?? true;
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(inChannels));
    this.conv1 = this.registerModule('conv1', new Conv2d(inChannels, outChannels, 3, { stride, padding: 1, bias: false }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(outChannels));
    if ((opts.dropout ?? 0) > 0) this.dropout = this.registerModule('dropout', new Dropout(opts.dropout));
    this.conv2 = this.registerModule('conv2', new Conv2d(outChannels, outChannels, 3, { padding: 1, bias: false }));
    const r = createRecalibration(outChannels, opts);
    if (r) this.recalibration = this.registerModule(r.name, r.module);
    const s = createShortcut('conv', inChannels, outChannels, stride);
    if (s) this.shortcut = this.registerModule('shortcut', s);
  }

  forward(x: Tensor): Tensor {
    const pre = this.bn1.forwardRelu(x);
    let y = this.bn2.forwardRelu(this.conv1.forward(pre));
    if (this.dropout) y = this.dropout.forward(y);
    y = this.conv2.forward(y);
    if (this.recalibration) y = this.recalibration.forward(y);
    const short = this.shortcut ? this.shortcut.forward(this.preactShortcut ? pre : x) : x;
    return add(y, short);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const pre = this.bn1.profile(input, counter);
    let y = this.bn2.profile(this.conv1.profile(pre, counter), counter);
    y = this.conv2.profile(y, counter);
    if (this.recalibration) y = this.recalibration.profile(y, counter);
    return residualSum('PreActBasicBlock', y, this.shortcut ? this.shortcut.profile(pre, counter) : input);
  }
}
