// The window options of the 2-d pooling ops, as PyTorch spells them.
import { checkOptions, checkBool, fail } from '../check';
import type { Pair } from '../native';

export interface Pool2dOptions {
  /** Window size: one number for both sides, or [height, width]. */
  kernelSize: number | [number, number];
  /** Step between windows (default: the kernel size). */
  stride?: number | [number, number];
  /** Cells added on each side (default 0); at most half the kernel size. */
  padding?: number | [number, number];
  /** Round the output size up instead of down; the last window must still start inside the
   * input or its left padding (default false). */
  ceilMode?: boolean;
}

/** [v, v] for a number; an array is passed on whole (the native entry rejects other lengths). */
export function toPair(op: string, name: string, v: unknown): Pair {
  const p = typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? v : null;
  if (!p || !p.every((d) => Number.isSafeInteger(d))) fail(op, `options.${name}`, 'an integer or [height, width]', v);
  return p as Pair;
}

/** [kernel, stride, padding] as pairs. */
export function windowPairs(op: string, opts: Pool2dOptions): [Pair, Pair, Pair] {
  if (opts === null || typeof opts !== 'object' || opts.kernelSize === undefined) {
    throw new Error(`${op}: options must give kernelSize`);
  }
  checkOptions(op, 'options', opts, ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad']);
  const o = opts as Pool2dOptions & { countIncludePad?: unknown };
  if (o.ceilMode !== undefined) checkBool(op, 'options.ceilMode', o.ceilMode);
  if (o.countIncludePad !== undefined) checkBool(op, 'options.countIncludePad', o.countIncludePad);
  const kernel = toPair(op, 'kernelSize', opts.kernelSize);
  return [kernel, opts.stride === undefined ? kernel : toPair(op, 'stride', opts.stride), toPair(op, 'padding', opts.padding ?? 0)];
}
