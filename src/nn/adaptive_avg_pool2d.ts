import { globalAvgPool2d } from '../functional/global_avg_pool2d';
import { show } from '../check';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { CostCounter, expect4d, Shape } from './profile';

/** Average pooling to a fixed output size; only 1 (global average pooling, [N, C, 1, 1]) is supported. */
export class AdaptiveAvgPool2d extends Module {
  constructor(outputSize: number | [number, number] = 1) {
    super();
    const ok = typeof outputSize === 'number' ? outputSize === 1 : Array.isArray(outputSize) && outputSize.length === 2 && outputSize[0] === 1 && outputSize[1] === 1;
    if (!ok) throw new Error(`AdaptiveAvgPool2d: only output size 1 is supported, got ${show(outputSize)}`);
  }

  forward(x: Tensor): Tensor {
    return globalAvgPool2d(x);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, c] = expect4d('AdaptiveAvgPool2d', input);
    const out = [n, c, 1, 1];
    counter.add(this, out, n * c);
    return out;
  }
}
