// Sizes given as one number or as (height, width).
export type PairLike = number | [number, number];
import { show } from '../check';

export function toPair(v: PairLike, what: string): [number, number] {
  const pair = typeof v === 'number' || (Array.isArray(v) && v.length === 2);
  const p: [number, number] = typeof v === 'number' ? [v, v] : pair ? [v[0], v[1]] : [NaN, NaN];
  if (!p.every((x) => Number.isSafeInteger(x) && x >= 0 && x < 2 ** 30)) {
    throw new Error(`${what} must be a non-negative integer or a pair of them, got ${show(v)}`);
  }
  return p;
}
