import { maxPool2d } from '../functional/max_pool2d';
import { checkOptions, checkBool } from '../check';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { toPair, PairLike } from './pair';
import { CostCounter, expect4d, Shape, windowOutputSize } from './profile';

export interface Pool2dOptions {
  /** Default: the kernel size. */
  stride?: PairLike;
  padding?: PairLike;
  ceilMode?: boolean;
}

/** Output shape of a pooling window over [N, C, H, W]. */
export function pooledShape(op: string, input: Shape, kernel: [number, number], stride: [number, number], padding: [number, number], ceilMode: boolean): number[] {
  const [n, c, h, w] = expect4d(op, input);
  return [n, c, windowOutputSize(h, kernel[0], stride[0], padding[0], 1, ceilMode), windowOutputSize(w, kernel[1], stride[1], padding[1], 1, ceilMode)];
}

export class MaxPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly ceilMode: boolean;

  constructor(kernelSize: PairLike, opts: Pool2dOptions = {}) {
    super();
    opts = checkOptions<typeof opts>('MaxPool2d', 'options', opts, ['stride', 'padding', 'ceilMode']);
    if ((opts as Record<string, unknown>).ceilMode !== undefined) checkBool('MaxPool2d', 'options.ceilMode', (opts as Record<string, unknown>).ceilMode);
    this.kernelSize = toPair(kernelSize, 'MaxPool2d: kernelSize');
    this.stride = toPair(opts.stride ?? this.kernelSize, 'MaxPool2d: stride');
    this.padding = toPair(opts.padding ?? 0, 'MaxPool2d: padding');
    this.ceilMode = opts.ceilMode ?? false;
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding, ceilMode: this.ceilMode });
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const out = pooledShape('MaxPool2d', input, this.kernelSize, this.stride, this.padding, this.ceilMode);
    counter.add(this, out, 0);
    return out;
  }
}
