import { mssar } from '../../functional/mssar';
import type { Layout } from '../../native';
import { defineOp, floatInput, inLayout, OpCase } from '../cases';
import { Rng } from '../rng';

interface Shape4 {
  n: number;
  c: number;
  h: number;
  w: number;
}

function mssarCase(rng: Rng, name: string, x: Shape4, scales: number[], symmetric: boolean,
  extra: Partial<OpCase> & { xLow?: number; xHigh?: number; layout?: Layout; perSampleBias?: boolean } = {}): OpCase {
  const K = scales.length;
  const { xLow, xHigh, layout, perSampleBias, ...rest } = extra;
  const where = (layout && layout !== 'plain' ? `, ${layout}` : '') + (perSampleBias ? ', bias [N, C]' : '');
  return {
    name: `${name}: [${x.n},${x.c},${x.h},${x.w}], scales [${scales.join(', ')}], ${symmetric ? 'symmetric' : 'asymmetric'}${where}`,
    inputs: [
      floatInput(rng, [x.n, x.c, x.h, x.w], { low: xLow ?? -1, high: xHigh ?? 1 }),
      // Non-zero weights and bias: the zero initialisation would hide every context bug.
      floatInput(rng, symmetric ? [K, x.c, 3] : [K, x.c, 3, 3], { low: -1, high: 1 }),
      floatInput(rng, perSampleBias ? [x.n, x.c] : [x.c], { low: -0.5, high: 0.5 }),
    ],
    run: (xt, w, b) => mssar(inLayout(xt, layout ?? 'plain'), w, b, { scales, symmetric }),
    // The accuracy the definition demands of the float32 kernels against the float64 reference,
    // for y, dx, dweight and dbias alike (docs/mssar.md, "Accuracy").
    atol: 1e-5,
    rtol: 1e-4,
    ...rest,
  };
}

export default defineOp({
  op: 'mssar',
  cases(rng: Rng): OpCase[] {
    // The op is smooth everywhere (sigmoid of a linear map), so there are no kinks to avoid.
    return [
      mssarCase(rng, '1x1 map, one scale', { n: 1, c: 1, h: 1, w: 1 }, [1], false),
      mssarCase(rng, '1x1 map, default scales', { n: 1, c: 1, h: 1, w: 1 }, [1, 2, 4], false),
      mssarCase(rng, 'odd sizes', { n: 2, c: 3, h: 5, w: 7 }, [1, 2, 4], false),
      mssarCase(rng, 'odd sizes', { n: 2, c: 3, h: 5, w: 7 }, [1, 2, 4], true),
      mssarCase(rng, 'even scale, map smaller than 3s', { n: 1, c: 2, h: 4, w: 3 }, [2], false),
      mssarCase(rng, 'even scale, map smaller than 3s', { n: 1, c: 2, h: 4, w: 3 }, [2], true),
      mssarCase(rng, 'odd scales, map smaller than 3s', { n: 2, c: 1, h: 7, w: 6 }, [3, 5], false),
      mssarCase(rng, 'odd scales, map smaller than 3s', { n: 2, c: 1, h: 7, w: 6 }, [3, 5], true),
      mssarCase(rng, 'N = 1, C = 1, wide map', { n: 1, c: 1, h: 3, w: 11 }, [1, 2, 4], false),
      // 32 columns or more: the plain kernels compiled for 512-bit vectors (cpu/mssar_plain.h).
      mssarCase(rng, 'map of 35 columns', { n: 1, c: 2, h: 3, w: 35 }, [1, 2, 4], false),
      mssarCase(rng, 'map of 35 columns', { n: 1, c: 2, h: 3, w: 35 }, [1, 2, 4], true),
      mssarCase(rng, 'single scale 1', { n: 3, c: 2, h: 6, w: 5 }, [1], false),
      mssarCase(rng, 'single scale 1', { n: 3, c: 2, h: 6, w: 5 }, [1], true),
      mssarCase(rng, 'cells far larger than the map', { n: 1, c: 2, h: 3, w: 4 }, [6, 64], false),
      mssarCase(rng, 'random', { n: rng.int(1, 2), c: rng.int(1, 3), h: rng.int(1, 8), w: rng.int(1, 8) },
        [rng.int(1, 3), rng.int(2, 5)], rng.next() < 0.5),
      // Parity only (too large for finite differences): a 56 x 56 plane of positive values, where
      // the summed-area tables hold their largest sums.
      mssarCase(rng, 'large positive plane', { n: 2, c: 2, h: 56, w: 56 }, [1, 2, 4], false,
        { skipGradcheck: true, xLow: 0, xHigh: 3 }),
      mssarCase(rng, 'odd plane, odd scales', { n: 1, c: 3, h: 23, w: 29 }, [3, 5], true, { skipGradcheck: true }),
      // Cells larger than 8 pixels come from summed-area tables in the CPU kernels.
      mssarCase(rng, 'large cells, positive plane', { n: 2, c: 1, h: 37, w: 33 }, [9, 12], false,
        { skipGradcheck: true, xLow: 0, xHigh: 3 }),
      // The blocked kernels (mssar_blocked.cpp): channels in lanes of 16 or 8, padding lanes when C
      // is not a multiple, the same cell geometry.
      mssarCase(rng, '1x1 map, default scales', { n: 1, c: 1, h: 1, w: 1 }, [1, 2, 4], false, { layout: 'nChw16c' }),
      mssarCase(rng, 'odd sizes, padding lanes', { n: 2, c: 3, h: 5, w: 7 }, [1, 2, 4], false, { layout: 'nChw16c' }),
      mssarCase(rng, 'two blocks, padding lanes', { n: 2, c: 10, h: 5, w: 7 }, [1, 2, 4], true, { layout: 'nChw8c' }),
      mssarCase(rng, 'even scale, map smaller than 3s', { n: 1, c: 2, h: 4, w: 3 }, [2], false, { layout: 'nChw16c' }),
      mssarCase(rng, 'odd scales, map smaller than 3s', { n: 2, c: 3, h: 7, w: 6 }, [3, 5], true, { layout: 'nChw8c' }),
      mssarCase(rng, 'cells far larger than the map', { n: 1, c: 2, h: 3, w: 4 }, [6, 64], false, { layout: 'nChw8c' }),
      mssarCase(rng, 'wide map, one pixel a row left after the tiles of four', { n: 1, c: 16, h: 2, w: 9 }, [1, 2], false,
        { layout: 'nChw16c' }),
      // Box planes of a side made from those of half the side (6 from 3, 8 from 4), or separably
      // when the half is missing (4 alone).
      mssarCase(rng, 'doubling sides from an odd one', { n: 1, c: 3, h: 9, w: 8 }, [3, 6], false, { layout: 'nChw8c' }),
      mssarCase(rng, 'side 4 without 2, side 8 from 4', { n: 1, c: 2, h: 6, w: 7 }, [4, 8], true, { layout: 'nChw16c' }),
      mssarCase(rng, 'full blocks, ResNet-like', { n: 2, c: 32, h: 16, w: 16 }, [1, 2, 4], false,
        { skipGradcheck: true, layout: 'nChw16c' }),
      mssarCase(rng, 'large cells, positive plane', { n: 2, c: 3, h: 37, w: 33 }, [9, 12], false,
        { skipGradcheck: true, xLow: 0, xHigh: 3, layout: 'nChw16c' }),
      // One bias per image and channel ([N, C], the global-average scale of nn.MSSAR): the plain
      // kernels in both vector widths, the blocked ones with padding lanes and several blocks.
      mssarCase(rng, 'odd sizes', { n: 2, c: 3, h: 5, w: 7 }, [1, 2, 4], false, { perSampleBias: true }),
      mssarCase(rng, 'odd scales, map smaller than 3s', { n: 3, c: 1, h: 7, w: 6 }, [3, 5], true, { perSampleBias: true }),
      mssarCase(rng, 'map of 35 columns', { n: 2, c: 2, h: 3, w: 35 }, [1, 2, 4], false, { perSampleBias: true }),
      mssarCase(rng, '1x1 map, default scales', { n: 1, c: 1, h: 1, w: 1 }, [1, 2, 4], false, { perSampleBias: true }),
      mssarCase(rng, 'odd sizes, padding lanes', { n: 2, c: 3, h: 5, w: 7 }, [1, 2, 4], false,
        { layout: 'nChw16c', perSampleBias: true }),
      mssarCase(rng, 'two blocks, padding lanes', { n: 3, c: 10, h: 5, w: 7 }, [1, 2, 4], true,
        { layout: 'nChw8c', perSampleBias: true }),
      mssarCase(rng, 'large cells, positive plane', { n: 2, c: 3, h: 37, w: 33 }, [9, 12], false,
        { skipGradcheck: true, xLow: 0, xHigh: 3, perSampleBias: true }),
      mssarCase(rng, 'full blocks, ResNet-like', { n: 3, c: 32, h: 16, w: 16 }, [1, 2, 4], false,
        { skipGradcheck: true, layout: 'nChw16c', perSampleBias: true }),
    ];
  },
});
