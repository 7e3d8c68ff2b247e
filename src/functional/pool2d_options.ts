// The window options of the 2-d pooling ops, as PyTorch spells them.
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
export function toPair(v: number | readonly number[]): Pair {
  return typeof v === 'number' ? [v, v] : (Array.from(v) as Pair);
}

/** [kernel, stride, padding] as pairs. */
export function windowPairs(op: string, opts: Pool2dOptions): [Pair, Pair, Pair] {
  if (opts === null || typeof opts !== 'object' || opts.kernelSize === undefined) {
    throw new Error(`${op}: options must give kernelSize`);
  }
  const kernel = toPair(opts.kernelSize);
  return [kernel, opts.stride === undefined ? kernel : toPair(opts.stride), toPair(opts.padding ?? 0)];
}
