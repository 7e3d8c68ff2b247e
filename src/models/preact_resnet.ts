import type { Tensor } from '../tensor';
import { AdaptiveAvgPool2d } from '../nn/adaptive_avg_pool2d';
import { BatchNorm2d } from '../nn/batch_norm2d';
import { PreActBasicBlock } from '../nn/blocks/preact_basic_block';
import { PreActBottleneck } from '../nn/blocks/preact_bottleneck';
import { Conv2d } from '../nn/conv2d';
import { Linear } from '../nn/linear';
import { Module } from '../nn/module';
import { CostCounter, Shape } from '../nn/profile';
import { Layer, Sequential } from '../nn/sequential';
import { zeroBias } from './init';
import type { BuildOptions } from './options';

export interface PreActResNetConfig {
  /**
   * 'bottleneck': PreResNet (He et al. 2016, "Identity mappings"), depth = 9n + 2, stages of
   * 16/32/64 planes (x4 out); 'wide': WRN-depth-k (Zagoruyko and Komodakis), depth = 6n + 4,
   * stages of 16k/32k/64k channels.
   */
  block: 'bottleneck' | 'wide';
  depth: number;
  /** The widening factor k (wide only). */
  widen?: number;
}

/**
 * Pre-activation ResNets for CIFAR: a 3x3 convolution to 16 channels, three stages of
 * pre-activation blocks (strides 1, 2, 2), a final BN-ReLU, global average pooling and a
 * fully-connected layer. Projection shortcuts (first block of each stage) are 1x1 convolutions
 * reading the pre-activated input, as in both reference codes (fb.resnet.torch's 'both_preact',
 * Zagoruyko's WRN). Initialised as those codes do: convolutions Kaiming normal (fan-out),
 * BN 1 and 0, fc bias 0 (fc weight uniform +-1/sqrt(in)).
 */
export class PreActResNet extends Module {
  readonly conv1: Conv2d;
  readonly layer1: Sequential;
  readonly layer2: Sequential;
  readonly layer3: Sequential;
  readonly bn: BatchNorm2d;
  readonly avgpool: AdaptiveAvgPool2d;
  readonly fc: Linear;

  constructor(readonly config: PreActResNetConfig, opts: BuildOptions) {
    super();
    const { block, depth } = config;
    const wide = block === 'wide';
    const n = wide ? (depth - 4) / 6 : (depth - 2) / 9;
    if (!(Number.isInteger(n) && n >= 1)) {
      throw new Error(`PreActResNet: depth ${depth} must be ${wide ? '6n + 4 (16, 28, 40, ...)' : '9n + 2 (56, 110, 164, ...)'}`);
    }
    const k = config.widen ?? 1;
    this.conv1 = this.registerModule('conv1', new Conv2d(opts.inChannels, 16, 3, { padding: 1, bias: false }));
    let c = 16;
    const stage = (width: number, stride: number): Sequential => {
      const s = new Sequential();
      for (let i = 0; i < n; i++) {
        const blockStride = i === 0 ? stride : 1;
        let b: Layer & { outChannels: number };
        if (wide) {
          b = new PreActBasicBlock(c, width * k, { ...opts, stride: blockStride, dropout: opts.dropout, preactShortcut: true });
        } else {
          b = new PreActBottleneck(c, width, { ...opts, stride: blockStride, preactShortcut: true });
        }
        s.append(b);
        c = b.outChannels;
      }
      return s;
    };
    this.layer1 = this.registerModule('layer1', stage(16, 1));
    this.layer2 = this.registerModule('layer2', stage(32, 2));
    this.layer3 = this.registerModule('layer3', stage(64, 2));
    this.bn = this.registerModule('bn', new BatchNorm2d(c));
    this.avgpool = this.registerModule('avgpool', new AdaptiveAvgPool2d(1));
    this.fc = this.registerModule('fc', new Linear(c, opts.numClasses));
    zeroBias(this.fc);
  }

  forward(x: Tensor): Tensor {
    let y = this.conv1.forward(x);
    y = this.layer3.forward(this.layer2.forward(this.layer1.forward(y)));
    y = this.bn.forwardRelu(y);
    return this.fc.forward(this.avgpool.forward(y).flatten(1));
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let y = this.conv1.profile(input, counter);
    y = this.layer3.profile(this.layer2.profile(this.layer1.profile(y, counter), counter), counter);
    y = this.avgpool.profile(this.bn.profile(y, counter), counter);
    return this.fc.profile([y[0], y[1]], counter);
  }
}
