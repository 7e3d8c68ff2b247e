import type { Tensor } from '../../tensor';
import { checkBlockOptions, checkChannels } from './check_block';
import { AvgPool2d } from '../avg_pool2d';
import { BatchNorm2d } from '../batch_norm2d';
import { Conv2d } from '../conv2d';
import type { KaimingMode } from '../init';
import { Module } from '../module';
import { CostCounter, Shape } from '../profile';

/**
 * DenseNet's transition between dense blocks: BN-ReLU-conv1x1-avgpool2 (torchvision's names: norm,
 * conv, pool). The pool runs in ceil mode: the same as floor mode on even maps (all of them at
 * 32x32 and 224x224 inputs), and it keeps a 1x1 map at 1x1 instead of emptying it (28x28 inputs
 * through DenseNet-121).
 */
export class Transition extends Module {
  readonly norm: BatchNorm2d;
  readonly conv: Conv2d;
  readonly pool: AvgPool2d;

  constructor(readonly inChannels: number, readonly outChannels: number, opts: { init?: KaimingMode } = {}) {
    super();
    checkChannels('Transition', 'inChannels', inChannels);
    checkChannels('Transition', 'outChannels', outChannels);
    opts = checkBlockOptions<{ init?: KaimingMode }>('Transition', opts, ['init']);
    this.norm = this.registerModule('norm', new BatchNorm2d(inChannels));
    this.conv = this.registerModule('conv', new Conv2d(inChannels, outChannels, 1, { bias: false, init: opts.init }));
    this.pool = this.registerModule('pool', new AvgPool2d(2, { stride: 2, ceilMode: true }));
  }

  forward(x: Tensor): Tensor {
    return this.pool.forward(this.conv.forward(this.norm.forwardRelu(x)));
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    return this.pool.profile(this.conv.profile(this.norm.profile(input, counter), counter), counter);
  }
}
