import { shortcutA } from '../../functional/shortcut_a';
import type { Layout } from '../../native';
import { defineOp, floatInput, inLayout, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'shortcutA',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], stride: number, outChannels: number, layout: Layout = 'plain'): OpCase => ({
      name: `[${shape.join(',')}], stride ${stride}, ${outChannels} channels out${layout === 'plain' ? '' : `, ${layout}`}`,
      inputs: [floatInput(rng, shape)],
      run: (x) => shortcutA(inLayout(x, layout), { stride, outChannels }),
      // A copy: exact up to rounding the reference data to float32.
      atol: 0,
      rtol: 1e-6,
    });
    return [
      make([2, 3, 5, 7], 2, 5),
      make([1, 1, 1, 1], 1, 1),
      make([1, 2, 1, 1], 3, 4),
      make([2, 2, 6, 4], 3, 2),
      make([3, 1, 4, 5], 1, 3),
      // Blocked and channels-last: whole blocks of zeros, partial blocks, padding lanes.
      make([2, 16, 4, 4], 2, 32, 'nChw16c'),
      make([2, 3, 5, 5], 2, 20, 'nChw16c'),
      make([1, 10, 3, 4], 2, 13, 'nChw8c'),
      make([2, 4, 4, 3], 2, 6, 'channels_last'),
    ];
  },
});
