// The options every reduction takes, checked once: which dims (`dim`, a number or a list, or the
// older `dims` list; negative ones count from the end; all dims when none is given) and keepDim.
import { checkBool, checkOptions, fail } from '../check';
import type { Tensor } from '../tensor';
import { normalizeDims } from './operand';

export interface ReduceOptions {
  /** The dim or dims to reduce (negative ones count from the end); all of them when omitted. */
  dim?: number | number[];
  /** The same as `dim` as a list (kept for existing callers); give one of the two. */
  dims?: number[];
  /** Keep the reduced dims as size 1. */
  keepDim?: boolean;
}

export interface Reduction {
  /** The dims as given, made non-negative; empty means every dim. */
  dims: number[];
  keepDim: boolean;
}

export function reduceArgs<O extends ReduceOptions>(op: string, x: Tensor, opts: O | undefined, extra: readonly string[] = []): { r: Reduction; o: O } {
  const o = checkOptions<O>(op, 'options', opts ?? {}, ['dim', 'dims', 'keepDim', ...extra]) as O;
  if (o.keepDim !== undefined) checkBool(op, 'options.keepDim', o.keepDim);
  if (o.dim !== undefined && o.dims !== undefined) fail(op, 'options', 'either dim or dims, not both', o);
  let given: unknown = o.dims ?? [];
  if (o.dim !== undefined) given = typeof o.dim === 'number' ? [o.dim] : o.dim;
  const dims = normalizeDims(op, x.shape, given as number[]);
  return { r: { dims, keepDim: o.keepDim ?? false }, o };
}

/** The reduced shape of `shape` over `dims` (all when empty). */
export function reducedShape(shape: readonly number[], r: Reduction): number[] {
  const all = r.dims.length === 0;
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!(all || r.dims.includes(i))) out.push(d);
    else if (r.keepDim) out.push(1);
  });
  return out;
}

/** How many elements each output reduces. */
export function reducedCount(shape: readonly number[], r: Reduction): number {
  return shape.reduce((n, d, i) => (r.dims.length === 0 || r.dims.includes(i) ? n * d : n), 1);
}
