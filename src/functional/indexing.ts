// index: several slices and picks in one call, a string-free form of PyTorch's x[a, b:c:d, ...].
import { show } from '../check';
import { Tensor } from '../tensor';
import { operand } from './operand';
import { resolveRange, slice } from './slice';

/**
 * One entry per leading dim of `index`:
 *  - `null`: the whole dim (`:`);
 *  - a number `i`: element i of the dim, which goes away (`i`; negative counts from the end);
 *  - `[start, end?, step?]`: a range (`start:end:step`); null or a missing end means the end of the dim.
 */
export type IndexEntry = null | number | readonly [number | null, (number | null)?, (number | null)?];

/**
 * x indexed dim by dim with `spec` (dims after the spec's last are kept whole):
 * `index(x, [null, [0, 10, 2], 3])` is PyTorch's `x[:, 0:10:2, 3]`. A copy; differentiable.
 */
export function index(x: Tensor, spec: readonly IndexEntry[]): Tensor {
  operand('index', 'x', x);
  if (!Array.isArray(spec) || spec.length > x.ndim) {
    throw new Error(`index: spec must be an array of at most ${x.ndim} entries for [${x.shape.join(',')}], got ${show(spec)}`);
  }
  let y = x;
  const dropped: number[] = [];
  spec.forEach((e: unknown, d) => {
    if (e === null) return;
    const size = x.shape[d];
    if (typeof e === 'number') {
      if (!Number.isSafeInteger(e) || e < -size || e >= size) {
        throw new Error(`index: spec[${d}] must be an integer in [${-size}, ${size - 1}] for dim ${d} of [${x.shape.join(',')}], got ${show(e)}`);
      }
      const i = e < 0 ? e + size : e;
      y = slice(y, d, i, i + 1);
      dropped.push(d);
      return;
    }
    if (!Array.isArray(e) || e.length < 1 || e.length > 3) {
      throw new Error(`index: spec[${d}] must be null, an integer or [start, end?, step?], got ${show(e)}`);
    }
    const [a, b, s] = resolveRange(`index: spec[${d}]`, size, e[0] as number | null, e[1] as number | null | undefined, e[2] as number | null | undefined);
    if (a !== 0 || b !== size || s !== 1) y = slice(y, d, a, b, s);
  });
  if (dropped.length === 0) return y === x ? x.reshape(x.shape.slice()) : y;
  return y.reshape(y.shape.filter((_, i) => !dropped.includes(i)));
}
