import { BatchNorm2d } from '../batch_norm2d';
import { checkChannels } from './check_block';
import { checkInt, checkOneOf } from '../../check';
import { Conv2d } from '../conv2d';
import { Sequential, Layer } from '../sequential';
import { ShortcutA } from './shortcut_a';

/**
 * How a residual block's shortcut changes shape when the residual does: 'A' (zero-padded
 * identity, no parameters: He et al.'s CIFAR ResNets), 'projection' (1x1 convolution + BN:
 * torchvision's `downsample`), or 'conv' (1x1 convolution alone: pre-activation blocks).
 */
export type ShortcutKind = 'A' | 'projection' | 'conv';

/** The shortcut from inC to outC channels at `stride`, or null when the identity fits. */
export function createShortcut(kind: ShortcutKind, inC: number, outC: number, stride: number): Layer | null {
  checkOneOf('createShortcut', 'kind', kind, ['A', 'projection', 'conv']);
  checkChannels('createShortcut', 'inC', inC);
  checkChannels('createShortcut', 'outC', outC);
  checkInt('createShortcut', 'stride', stride, 1, 2 ** 20);
  if (stride === 1 && inC === outC) return null;
  switch (kind) {
    case 'A':
      return new ShortcutA(inC, outC, stride);
    case 'projection':
      return new Sequential(new Conv2d(inC, outC, 1, { stride, bias: false }), new BatchNorm2d(outC));
    case 'conv':
      return new Conv2d(inC, outC, 1, { stride, bias: false });
    default:
      throw new Error(`unknown shortcut '${String(kind)}': expected 'A', 'projection' or 'conv'`);
  }
}

/** The name torchvision gives the shortcut of its blocks ('downsample'), and ours for the others. */
export function shortcutName(kind: ShortcutKind): string {
  return kind === 'projection' ? 'downsample' : 'shortcut';
}
