import { checkOptions, show, checkNumber } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

export interface ShortcutAOptions {
  /** Every stride-th row and column, from the first (default 1). */
  stride?: number;
  /**
   * Channels of the output, at least x's (default x's). The extra ones are zero, half before x's
   * channels and half after (an odd one after), as the widely used PyTorch CIFAR ResNet pads them.
   */
  outChannels?: number;
}

/**
 * He et al.'s option A shortcut (the CIFAR ResNets): x [N, C, H, W] subsampled by `stride` and
 * zero-padded with P = floor((outChannels - C) / 2) channels before x's and the rest after,
 * [N, outChannels, (H - 1) / s + 1, (W - 1) / s + 1]; channel c of the output is x's channel c - P. The
 * output keeps x's layout on the cpu. Differentiable in x.
 */
export function shortcutA(x: Tensor, opts: ShortcutAOptions = {}): Tensor {
  opts = checkOptions<ShortcutAOptions>('shortcutA', 'options', opts, ['stride', 'outChannels']);
  const stride = opts.stride ?? 1;
  const h = operand('shortcutA', 'x', x);
  const outChannels = opts.outChannels ?? (x.ndim === 4 ? x.shape[1] : 0);
  for (const [name, v] of [['stride', stride], ['outChannels', outChannels]] as const) {
    if (!Number.isInteger(v)) throw new Error(`shortcutA: ${name} must be an integer, got ${show(v)}`);
  }
  // Integers JavaScript holds exactly; their ranges are the native op's checks (the messages show x).
  checkNumber('shortcutA', 'stride', stride, { integer: true });
  checkNumber('shortcutA', 'outChannels', outChannels, { integer: true });
  const k = kernels();
  const y = wrap(k.shortcutAForward(h, stride, outChannels));
  if (!needsGrad([x])) return y;
  const inputShape = x.shape.slice();
  return record('shortcutA', y, [x], [], (g) => [wrap(k.shortcutABackward(g.handle, inputShape, stride))]);
}
