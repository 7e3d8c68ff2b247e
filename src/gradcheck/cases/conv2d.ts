import { conv2d, Conv2dOptions } from '../../functional/conv2d';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';
import { productSumTolerance } from './tolerance';

interface Conv2dCase {
  name: string;
  x: [number, number, number, number];
  /** [Cout, kh, kw]; Cin / groups follows from x and groups. */
  w: [number, number, number];
  bias: boolean;
  opts: Conv2dOptions & { stride?: [number, number]; padding?: [number, number]; dilation?: [number, number] };
  skipGradcheck?: boolean;
}

function pairOf(v: [number, number] | undefined, fallback: number): [number, number] {
  return v ?? [fallback, fallback];
}

function makeCase(rng: Rng, c: Conv2dCase): OpCase {
  const [N, C, H, W] = c.x;
  const [O, KH, KW] = c.w;
  const groups = c.opts.groups ?? 1;
  const [sh, sw] = pairOf(c.opts.stride, 1);
  const [ph, pw] = pairOf(c.opts.padding, 0);
  const [dh, dw] = pairOf(c.opts.dilation, 1);
  const Ho = Math.floor((H + 2 * ph - dh * (KH - 1) - 1) / sh) + 1;
  const Wo = Math.floor((W + 2 * pw - dw * (KW - 1) - 1) / sw) + 1;
  // Longest sums: an output (Cin/G kh kw terms), an input gradient (at most Cout/G kh kw), a weight
  // gradient (N Ho Wo).
  const longest = Math.max((C / groups) * KH * KW, (O / groups) * KH * KW, N * Ho * Wo);
  const inputs = [floatInput(rng, c.x), floatInput(rng, [O, C / groups, KH, KW])];
  if (c.bias) inputs.push(floatInput(rng, [O]));
  const opts = c.opts;
  return {
    name: c.name,
    inputs,
    run: (x, w, b) => conv2d(x, w, b ?? null, opts),
    ...productSumTolerance(longest),
    skipGradcheck: c.skipGradcheck,
  };
}

export default defineOp({
  op: 'conv2d',
  cases(rng: Rng): OpCase[] {
    const randomCase: Conv2dCase = (() => {
      const groups = rng.pick([1, 2]);
      return {
        name: 'random odd sizes',
        x: [rng.int(1, 2), groups * rng.int(1, 2), rng.int(3, 7), rng.int(3, 7)],
        w: [groups * rng.int(1, 2), rng.pick([1, 3]), rng.pick([2, 3])],
        bias: rng.next() < 0.5,
        opts: { stride: [rng.int(1, 2), rng.int(1, 2)], padding: [rng.int(0, 1), rng.int(0, 1)], groups },
      };
    })();
    const cases: Conv2dCase[] = [
      { name: '3x3, padding 1, bias', x: [2, 3, 5, 6], w: [4, 3, 3], bias: true, opts: { padding: [1, 1] } },
      { name: 'N = 1, stride 2, padding [1,0], non-square 2x3 kernel, no bias', x: [1, 2, 7, 5], w: [3, 2, 3],
        bias: false, opts: { stride: [2, 2], padding: [1, 0] } },
      { name: 'groups 2, dilation [2,1], padding 2, stride [1,2]', x: [1, 4, 7, 6], w: [6, 3, 3], bias: true,
        opts: { groups: 2, dilation: [2, 1], padding: [2, 2], stride: [1, 2] } },
      { name: 'depthwise (groups = C = 3), stride [2,1], padding 1', x: [2, 3, 5, 5], w: [3, 3, 3], bias: true,
        opts: { groups: 3, stride: [2, 1], padding: [1, 1] } },
      { name: '1x1 kernel, stride 1 (no im2col)', x: [2, 5, 4, 3], w: [2, 1, 1], bias: true, opts: {} },
      { name: '1x1 kernel, stride 2, odd map', x: [1, 3, 5, 5], w: [4, 1, 1], bias: false, opts: { stride: [2, 2] } },
      { name: 'C = 1, 1x1 output map', x: [1, 1, 3, 3], w: [2, 3, 3], bias: true, opts: {} },
      { name: 'stride 3 larger than the kernel', x: [2, 2, 7, 8], w: [2, 2, 2], bias: false, opts: { stride: [3, 3] } },
      randomCase,
      // Parity only (too many elements for finite differences): ResNet-like sizes where oneDNN picks blocked formats.
      { name: '16 -> 16 channels, 12x12, padding 1 (parity only)', x: [4, 16, 12, 12], w: [16, 3, 3], bias: true,
        opts: { padding: [1, 1] }, skipGradcheck: true },
      { name: '16 -> 32 channels, stride 2 (parity only)', x: [3, 16, 9, 9], w: [32, 3, 3], bias: false,
        opts: { padding: [1, 1], stride: [2, 2] }, skipGradcheck: true },
      { name: 'depthwise 24 channels, dilation 2 (parity only)', x: [2, 24, 10, 11], w: [24, 3, 3], bias: true,
        opts: { padding: [2, 2], dilation: [2, 2], groups: 24 }, skipGradcheck: true },
    ];
    return cases.map((c) => makeCase(rng, c));
  },
});
