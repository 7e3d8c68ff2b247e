import { conv2d } from '../functional/conv2d';
import { checkBool, checkInt, checkOneOf, checkOptions } from '../check';
import type { Tensor } from '../tensor';
import { constant, kaimingNormal, KaimingMode } from './init';
import { Module } from './module';
import { toPair, PairLike } from './pair';
import { CostCounter, expect4d, Shape, windowOutputSize } from './profile';

export interface Conv2dOptions {
  stride?: PairLike;
  padding?: PairLike;
  dilation?: PairLike;
  groups?: number;
  /** Default true, as in PyTorch. */
  bias?: boolean;
  /** Kaiming normal initialisation's fan (default fan-out); the bias starts at zero. */
  init?: KaimingMode;
}

/** 2-d convolution; weight [outC, inC / groups, kh, kw], bias [outC]. */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: PairLike, opts: Conv2dOptions = {}) {
    super();
    checkInt('Conv2d', 'inChannels', inChannels, 1, 2 ** 30);
    checkInt('Conv2d', 'outChannels', outChannels, 1, 2 ** 30);
    opts = checkOptions<Conv2dOptions>('Conv2d', 'options', opts, ['stride', 'padding', 'dilation', 'groups', 'bias', 'init']);
    if (opts.groups !== undefined) checkInt('Conv2d', 'options.groups', opts.groups, 1);
    if (opts.bias !== undefined) checkBool('Conv2d', 'options.bias', opts.bias);
    if (opts.init !== undefined) checkOneOf('Conv2d', 'options.init', opts.init, ['fanOut', 'fanIn']);
    this.kernelSize = toPair(kernelSize, 'Conv2d: kernelSize');
    this.stride = toPair(opts.stride ?? 1, 'Conv2d: stride');
    this.padding = toPair(opts.padding ?? 0, 'Conv2d: padding');
    this.dilation = toPair(opts.dilation ?? 1, 'Conv2d: dilation');
    this.groups = opts.groups ?? 1;
    const g = this.groups;
    if (!Number.isInteger(g) || g < 1 || inChannels % g !== 0 || outChannels % g !== 0) {
      throw new Error(`Conv2d: groups ${g} must divide inChannels ${inChannels} and outChannels ${outChannels}`);
    }
    if (!(inChannels >= 1 && outChannels >= 1) || this.kernelSize.some((k) => k < 1) || this.stride.some((s) => s < 1)) {
      throw new Error(`Conv2d: channels, kernel size and stride must be positive (got ${inChannels} -> ${outChannels}, ` +
        `kernel [${this.kernelSize}], stride [${this.stride}])`);
    }
    this.weight = this.registerParameter('weight', kaimingNormal([outChannels, inChannels / g, ...this.kernelSize], opts.init ?? 'fanOut'));
    this.bias = (opts.bias ?? true) ? this.registerParameter('bias', constant([outChannels], 0)) : null;
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, c, h, w] = expect4d('Conv2d', input, this.inChannels);
    const out = [n, this.outChannels,
      windowOutputSize(h, this.kernelSize[0], this.stride[0], this.padding[0], this.dilation[0]),
      windowOutputSize(w, this.kernelSize[1], this.stride[1], this.padding[1], this.dilation[1])];
    const perOutput = (c / this.groups) * this.kernelSize[0] * this.kernelSize[1];
    counter.add(this, out, n * this.outChannels * out[2] * out[3] * perOutput);
    return out;
  }
}
