import { relu } from '../functional/relu';
import type { Tensor } from '../tensor';
import { AdaptiveAvgPool2d } from '../nn/adaptive_avg_pool2d';
import { BatchNorm2d } from '../nn/batch_norm2d';
import { DenseBlock } from '../nn/blocks/dense_block';
import { Transition } from '../nn/blocks/transition';
import { Conv2d } from '../nn/conv2d';
import type { KaimingMode } from '../nn/init';
import { Linear } from '../nn/linear';
import { MaxPool2d } from '../nn/max_pool2d';
import { Module } from '../nn/module';
import { CostCounter, Shape } from '../nn/profile';
import { ReLU } from '../nn/relu';
import { Sequential } from '../nn/sequential';
import { zeroBias } from './init';
import type { BuildOptions } from './options';

export interface DenseNetConfig {
  /** 'cifar': one 3x3 convolution; 'imagenet': 7x7 stride-2 convolution, BN, ReLU, 3x3 stride-2 max pool. */
  stem: 'cifar' | 'imagenet';
  stemChannels: number;
  growthRate: number;
  /** Layers per dense block. */
  blocks: number[];
  /** DenseNet-B: a 1x1 convolution to bottleneckWidth * growthRate channels in each layer. */
  bottleneckWidth?: number;
  /** DenseNet-C: a transition keeps floor(compression * C) channels (1: none). */
  compression: number;
  /** The convolutions' Kaiming fan. */
  init: KaimingMode;
}

/**
 * DenseNets (Huang et al.) with torchvision's state-dict names: features.conv0,
 * features.denseblock1.denselayer1.norm1, features.transition1.conv, ..., classifier. After the
 * last block: BN, ReLU, global average pooling, classifier. BN 1 and 0, classifier bias 0
 * (classifier weight uniform +-1/sqrt(in)), convolutions Kaiming normal with the configured fan.
 */
export class DenseNet extends Module {
  readonly features: Sequential;
  readonly avgpool: AdaptiveAvgPool2d;
  readonly classifier: Linear;
  readonly numFeatures: number;

  constructor(readonly config: DenseNetConfig, opts: BuildOptions) {
    super();
    const { stemChannels: c0, growthRate, init } = config;
    const features = new Sequential();
    if (config.stem === 'cifar') {
      features.append(new Conv2d(opts.inChannels, c0, 3, { padding: 1, bias: false, init }), 'conv0');
    } else {
      features.append(new Conv2d(opts.inChannels, c0, 7, { stride: 2, padding: 3, bias: false, init }), 'conv0');
      features.append(new BatchNorm2d(c0), 'norm0');
      features.append(new ReLU(), 'relu0');
      features.append(new MaxPool2d(3, { stride: 2, padding: 1 }), 'pool0');
    }
    let c = c0;
    config.blocks.forEach((numLayers, i) => {
      const block = new DenseBlock(c, numLayers, growthRate, {
        ...opts, bottleneckWidth: config.bottleneckWidth, dropout: opts.dropout, init,
      });
      features.append(block, `denseblock${i + 1}`);
      c = block.outChannels;
      if (i < config.blocks.length - 1) {
        const out = Math.floor(c * config.compression);
        features.append(new Transition(c, out, { init }), `transition${i + 1}`);
        c = out;
      }
    });
    features.append(new BatchNorm2d(c), `norm${config.blocks.length + 1}`);
    this.numFeatures = c;
    this.features = this.registerModule('features', features);
    this.avgpool = this.registerModule('avgpool', new AdaptiveAvgPool2d(1));
    this.classifier = this.registerModule('classifier', new Linear(c, opts.numClasses));
    zeroBias(this.classifier);
  }

  forward(x: Tensor): Tensor {
    const y = relu(this.features.forward(x));
    return this.classifier.forward(this.avgpool.forward(y).flatten(1));
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const y = this.avgpool.profile(this.features.profile(input, counter), counter);
    return this.classifier.profile([y[0], y[1]], counter);
  }
}
