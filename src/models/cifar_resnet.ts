import type { Tensor } from '../tensor';
import { show, checkOptions, checkInt, checkNumber } from '../check';
import { AdaptiveAvgPool2d } from '../nn/adaptive_avg_pool2d';
import { BatchNorm2d } from '../nn/batch_norm2d';
import { BasicBlock } from '../nn/blocks/basic_block';
import { Conv2d } from '../nn/conv2d';
import { Linear } from '../nn/linear';
import { Module } from '../nn/module';
import { CostCounter, Shape } from '../nn/profile';
import { Sequential } from '../nn/sequential';
import { zeroBias } from './init';
import type { BuildOptions } from './options';

/**
 * The CIFAR ResNets of He et al. 2016 (section 4.2): a 3x3 convolution to 16 channels, three
 * stages of n basic blocks with 16, 32 and 64 channels (depth = 6n + 2), option A shortcuts,
 * global average pooling and a fully-connected layer. Initialised as fb.resnet.torch does:
 * convolutions Kaiming normal (fan-out), BN 1 and 0, fc weight uniform +-1/sqrt(64), fc bias 0.
 */
export class CifarResNet extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly layer1: Sequential;
  readonly layer2: Sequential;
  readonly layer3: Sequential;
  readonly avgpool: AdaptiveAvgPool2d;
  readonly fc: Linear;

  constructor(readonly depth: number, opts: BuildOptions) {
    super();
    const o = checkOptions<Record<string, unknown>>('CifarResNet', 'options', opts);
    checkInt('CifarResNet', 'options.numClasses', o.numClasses, 1, 2 ** 30);
    checkInt('CifarResNet', 'options.inChannels', o.inChannels, 1, 2 ** 30);
    if (o.dropout !== undefined) checkNumber('CifarResNet', 'options.dropout', o.dropout, { min: 0, max: 0.999999 });
    if (!(Number.isInteger(depth) && (depth - 2) % 6 === 0 && depth >= 8 && depth <= 2000)) {
      throw new Error(`CifarResNet: depth must be 6n + 2 in [8, 2000] (20, 32, 44, 56, 110, ...), got ${show(depth)}`);
    }
    const n = (depth - 2) / 6;
    this.conv1 = this.registerModule('conv1', new Conv2d(opts.inChannels, 16, 3, { padding: 1, bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(16));
    const stage = (inC: number, outC: number, stride: number): Sequential => {
      const s = new Sequential();
      for (let i = 0; i < n; i++) {
        s.append(new BasicBlock(i === 0 ? inC : outC, outC, { ...opts, stride: i === 0 ? stride : 1, shortcut: 'A' }));
      }
      return s;
    };
    this.layer1 = this.registerModule('layer1', stage(16, 16, 1));
    this.layer2 = this.registerModule('layer2', stage(16, 32, 2));
    this.layer3 = this.registerModule('layer3', stage(32, 64, 2));
    this.avgpool = this.registerModule('avgpool', new AdaptiveAvgPool2d(1));
    this.fc = this.registerModule('fc', new Linear(64, opts.numClasses));
    zeroBias(this.fc);
  }

  forward(x: Tensor): Tensor {
    let y = this.bn1.forwardRelu(this.conv1.forward(x));
    y = this.layer3.forward(this.layer2.forward(this.layer1.forward(y)));
    return this.fc.forward(this.avgpool.forward(y).flatten(1));
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let y = this.bn1.profile(this.conv1.profile(input, counter), counter);
    y = this.layer3.profile(this.layer2.profile(this.layer1.profile(y, counter), counter), counter);
    y = this.avgpool.profile(y, counter);
    return this.fc.profile([y[0], y[1]], counter);
  }
}
