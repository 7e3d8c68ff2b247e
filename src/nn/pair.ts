// Sizes given as one number or as (height, width).
export type PairLike = number | [number, number];

export function toPair(v: PairLike, what: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= 0)) {
    throw new Error(`${what} must be a non-negative integer or a pair of them, got ${JSON.stringify(v)}`);
  }
  return p;
}
