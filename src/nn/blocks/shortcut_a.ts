import { zeros } from '../../creation';
import { concat } from '../../functional/concat';
import { maxPool2d } from '../../functional/max_pool2d';
import type { Tensor } from '../../tensor';
import { Module } from '../module';
import { CostCounter, expect4d, Shape, windowOutputSize } from '../profile';

/**
 * He et al.'s option A shortcut (the CIFAR ResNets): identity, subsampled by `stride` (taking
 * every stride-th row and column) and zero-padded with the extra channels at the end. No
 * parameters.
 */
export class ShortcutA extends Module {
  constructor(readonly inChannels: number, readonly outChannels: number, readonly stride: number) {
    super();
    if (outChannels < inChannels) throw new Error(`ShortcutA: cannot shrink ${inChannels} channels to ${outChannels}`);
  }

  forward(x: Tensor): Tensor {
    // A 1x1 max pool with stride s picks x[:, :, ::s, ::s].
    const sub = this.stride > 1 ? maxPool2d(x, { kernelSize: 1, stride: this.stride }) : x;
    const extra = this.outChannels - this.inChannels;
    if (extra === 0) return sub;
    const [n, , h, w] = sub.shape;
    const pad = zeros([n, extra, h, w], { dtype: sub.dtype, device: sub.device });
    const y = concat([sub, pad], 1);
    pad.dispose();
    return y;
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, , h, w] = expect4d('ShortcutA', input, this.inChannels);
    const out = [n, this.outChannels, windowOutputSize(h, 1, this.stride, 0), windowOutputSize(w, 1, this.stride, 0)];
    counter.add(this, out, 0);
    return out;
  }
}
