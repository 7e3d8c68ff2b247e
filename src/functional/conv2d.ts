import { checkOptions, fail, show, checkNumber } from '../check';
import { kernels, Pair } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

export interface Conv2dOptions {
  /** Step between output positions (default 1). */
  stride?: number | [number, number];
  /** Zeros added on each side of the input (default 0). */
  padding?: number | [number, number];
  /** Spacing between kernel taps (default 1). */
  dilation?: number | [number, number];
  /** Channel groups: input and output channels are split into this many independent convolutions (default 1). */
  groups?: number;
}

function toPair(name: string, v: number | readonly number[] | undefined, fallback: number): Pair {
  if (v === undefined) return [fallback, fallback];
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
  throw new TypeError(`conv2d: ${name} must be a number or [height, width], got ${show(v)}`);
}

/**
 * 2-d cross-correlation: x [N, Cin, H, W], weight [Cout, Cin / groups, kh, kw], bias [Cout] or
 * null -> [N, Cout, Ho, Wo] with Ho = floor((H + 2 padding - dilation (kh - 1) - 1) / stride) + 1.
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  opts = checkOptions<Conv2dOptions>('conv2d', 'options', opts, ['stride', 'padding', 'dilation', 'groups']);
  // An integer JavaScript holds exactly; its range is the native op's check (the message shows x and weight).
  if (opts.groups !== undefined) checkNumber('conv2d', 'groups', opts.groups, { integer: true });
  const k = kernels();
  const xh = operand('conv2d', 'x', x);
  const wh = operand('conv2d', 'weight', weight);
  if (bias !== undefined && bias !== null && !(bias instanceof Tensor)) fail('conv2d', 'bias', 'a Tensor or null', bias);
  const b = bias ?? null;
  const bh = b === null ? null : operand('conv2d', 'bias', b);
  const stride = toPair('stride', opts.stride, 1);
  const padding = toPair('padding', opts.padding, 0);
  const dilation = toPair('dilation', opts.dilation, 1);
  const groups = opts.groups ?? 1;
  const y = wrap(k.conv2dForward(xh, wh, bh, stride, padding, dilation, groups));
  if (!needsGrad([x, weight, b])) return y;
  const xs = xh.share();
  const ws = wh.share();
  return record('conv2d', y, [x, weight, b], [xs, ws], (g, needs) => {
    const grads = k.conv2dBackward(g.handle, xs, ws, b !== null, stride, padding, dilation, groups,
      [needs[0], needs[1], needs[2]]);
    return grads.map((h) => (h === null ? null : wrap(h)));
  });
}
