import { avgPool2d } from '../functional/avg_pool2d';
import { checkOptions, checkBool } from '../check';
import type { Tensor } from '../tensor';
import { pooledShape, Pool2dOptions } from './max_pool2d';
import { Module } from './module';
import { toPair, PairLike } from './pair';
import { CostCounter, numel, Shape } from './profile';

export class AvgPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;

  /** countIncludePad defaults to true, as in PyTorch. */
  constructor(kernelSize: PairLike, opts: Pool2dOptions & { countIncludePad?: boolean } = {}) {
    super();
    opts = checkOptions<typeof opts>('AvgPool2d', 'options', opts, ['stride', 'padding', 'ceilMode', 'countIncludePad']);
    if ((opts as Record<string, unknown>).ceilMode !== undefined) checkBool('AvgPool2d', 'options.ceilMode', (opts as Record<string, unknown>).ceilMode);
    if ((opts as Record<string, unknown>).countIncludePad !== undefined) checkBool('AvgPool2d', 'options.countIncludePad', (opts as Record<string, unknown>).countIncludePad);
    this.kernelSize = toPair(kernelSize, 'AvgPool2d: kernelSize');
    this.stride = toPair(opts.stride ?? this.kernelSize, 'AvgPool2d: stride');
    this.padding = toPair(opts.padding ?? 0, 'AvgPool2d: padding');
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad });
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const out = pooledShape('AvgPool2d', input, this.kernelSize, this.stride, this.padding, this.ceilMode);
    counter.add(this, out, numel(out));
    return out;
  }
}
