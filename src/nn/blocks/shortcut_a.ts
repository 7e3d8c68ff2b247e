import { shortcutA } from '../../functional/shortcut_a';
import { checkChannels } from './check_block';
import { checkInt } from '../../check';
import type { Tensor } from '../../tensor';
import { Module } from '../module';
import { CostCounter, expect4d, Shape, windowOutputSize } from '../profile';

/**
 * He et al.'s option A shortcut (the CIFAR ResNets): identity, subsampled by `stride` (taking
 * every stride-th row and column) and zero-padded with the extra channels, half before x's and half
 * after (an odd one after), as the widely used PyTorch CIFAR ResNet does
 * (`F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, planes // 4, planes // 4))`), so that weights move between
 * the two with the same predictions. No parameters.
 */
export class ShortcutA extends Module {
  constructor(readonly inChannels: number, readonly outChannels: number, readonly stride: number) {
    super();
    checkChannels('ShortcutA', 'inChannels', inChannels);
    checkChannels('ShortcutA', 'outChannels', outChannels);
    checkInt('ShortcutA', 'stride', stride, 1, 2 ** 20);
    if (outChannels < inChannels) throw new Error(`ShortcutA: cannot shrink ${inChannels} channels to ${outChannels}`);
  }

  forward(x: Tensor): Tensor {
    if (this.stride === 1 && this.outChannels === this.inChannels) return x;
    return shortcutA(x, { stride: this.stride, outChannels: this.outChannels });
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, , h, w] = expect4d('ShortcutA', input, this.inChannels);
    const out = [n, this.outChannels, windowOutputSize(h, 1, this.stride, 0), windowOutputSize(w, 1, this.stride, 0)];
    counter.add(this, out, 0);
    return out;
  }
}
