import type { Tensor } from '../tensor';
import { AdaptiveAvgPool2d } from '../nn/adaptive_avg_pool2d';
import { BatchNorm2d } from '../nn/batch_norm2d';
import { BasicBlock } from '../nn/blocks/basic_block';
import { Bottleneck } from '../nn/blocks/bottleneck';
import { Conv2d } from '../nn/conv2d';
import { Linear } from '../nn/linear';
import { MaxPool2d } from '../nn/max_pool2d';
import { Module } from '../nn/module';
import { CostCounter, Shape } from '../nn/profile';
import { Layer, Sequential } from '../nn/sequential';
import type { BuildOptions } from './options';

export interface ResNetConfig {
  block: 'basic' | 'bottleneck';
  /** Blocks per stage, e.g. [2, 2, 2, 2] for ResNet-18, [3, 4, 6, 3] for ResNet-50. */
  layers: [number, number, number, number];
}

/**
 * torchvision's ImageNet ResNets (its state-dict names: conv1, bn1, layer1.0.conv1,
 * layer1.0.downsample.0, fc): a 7x7 stride-2 convolution to 64 channels, BN, ReLU, a 3x3 stride-2
 * max pool, four stages of 64/128/256/512 planes (strides 1, 2, 2, 2; bottlenecks stride on
 * their 3x3 convolution) with 1x1 convolution + BN projection shortcuts, global average pooling,
 * fc. Initialised as torchvision does: convolutions Kaiming normal (fan-out), BN 1 and 0, fc as
 * PyTorch's default (weight and bias uniform +-1/sqrt(in)).
 */
export class ResNet extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly maxpool: MaxPool2d;
  readonly layer1: Sequential;
  readonly layer2: Sequential;
  readonly layer3: Sequential;
  readonly layer4: Sequential;
  readonly avgpool: AdaptiveAvgPool2d;
  readonly fc: Linear;

  constructor(readonly config: ResNetConfig, opts: BuildOptions) {
    super();
    this.conv1 = this.registerModule('conv1', new Conv2d(opts.inChannels, 64, 7, { stride: 2, padding: 3, bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(64));
    this.maxpool = this.registerModule('maxpool', new MaxPool2d(3, { stride: 2, padding: 1 }));
    let c = 64;
    const stage = (planes: number, count: number, stride: number): Sequential => {
      const s = new Sequential();
      for (let i = 0; i < count; i++) {
        const blockOpts = { ...opts, stride: i === 0 ? stride : 1, shortcut: 'projection' as const };
        const b: Layer & { outChannels: number } = config.block === 'basic'
          ? new BasicBlock(c, planes, blockOpts)
          : new Bottleneck(c, planes, blockOpts);
        s.append(b);
        c = b.outChannels;
      }
      return s;
    };
    const [l1, l2, l3, l4] = config.layers;
    this.layer1 = this.registerModule('layer1', stage(64, l1, 1));
    this.layer2 = this.registerModule('layer2', stage(128, l2, 2));
    this.layer3 = this.registerModule('layer3', stage(256, l3, 2));
    this.layer4 = this.registerModule('layer4', stage(512, l4, 2));
    this.avgpool = this.registerModule('avgpool', new AdaptiveAvgPool2d(1));
    this.fc = this.registerModule('fc', new Linear(c, opts.numClasses));
  }

  forward(x: Tensor): Tensor {
    let y = this.maxpool.forward(this.bn1.forwardRelu(this.conv1.forward(x)));
    y = this.layer4.forward(this.layer3.forward(this.layer2.forward(this.layer1.forward(y))));
    return this.fc.forward(this.avgpool.forward(y).flatten(1));
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let y = this.maxpool.profile(this.bn1.profile(this.conv1.profile(input, counter), counter), counter);
    y = this.layer4.profile(this.layer3.profile(this.layer2.profile(this.layer1.profile(y, counter), counter), counter), counter);
    y = this.avgpool.profile(y, counter);
    return this.fc.profile([y[0], y[1]], counter);
  }
}
