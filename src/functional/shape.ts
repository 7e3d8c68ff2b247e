// Shape ops made of the others: squeeze and unsqueeze reshape (sharing storage, as reshape does);
// cat joins with concat, stack unsqueezes then joins, split and chunk cut with slice. Their
// gradients come from the ops they are made of.
import { show } from '../check';
import { Tensor } from '../tensor';
import { concat } from './concat';
import { checkDim, checkTensorList } from './dims';
import { operand } from './operand';
import { slice } from './slice';

/** x without its size-1 dims (all of them, or `dim` only when it is size 1): a reshape. */
export function squeeze(x: Tensor, dim?: number): Tensor {
  operand('squeeze', 'x', x);
  if (dim === undefined) return x.reshape(x.shape.filter((s) => s !== 1));
  const d = checkDim('squeeze', 'dim', dim, x);
  if (x.shape[d] !== 1) return x.reshape(x.shape.slice());
  return x.reshape(x.shape.filter((_, i) => i !== d));
}

/** x with a size-1 dim inserted at `dim` (in [-ndim - 1, ndim]): a reshape. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  operand('unsqueeze', 'x', x);
  const d = checkDim('unsqueeze', 'dim', dim, x, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return x.reshape(shape);
}

/** Checks that `xs` can be joined along dim d (same dtype, device and sizes but along d), for op's errors. */
function checkJoinable(op: string, xs: readonly Tensor[], d: number): void {
  const a = xs[0];
  xs.forEach((x, i) => {
    const same = x.ndim === a.ndim && x.dtype === a.dtype && x.device === a.device && x.shape.every((s, j) => j === d || s === a.shape[j]);
    if (!same) {
      throw new Error(`${op}: xs[${i}] [${x.shape.join(',')}] ${x.dtype} ${x.device} does not match xs[0] [${a.shape.join(',')}] ${a.dtype} ${a.device} in dtype, device and every dim but ${d}`);
    }
  });
}

/** torch.cat: joins along `dim` (default 0); every other size must agree. */
export function cat(xs: readonly Tensor[], dim = 0): Tensor {
  const list = checkTensorList('cat', 'xs', xs);
  const d = checkDim('cat', 'dim', dim, list[0]);
  checkJoinable('cat', list, d);
  return concat(list, d);
}

/** torch.stack: tensors of one shape joined along a new dim `dim` (default 0). */
export function stack(xs: readonly Tensor[], dim = 0): Tensor {
  const list = checkTensorList('stack', 'xs', xs);
  const first = list[0];
  list.forEach((x, i) => {
    if (x.shape.join(',') !== first.shape.join(',')) {
      throw new Error(`stack: xs[${i}] [${x.shape.join(',')}] does not have the shape of xs[0] [${first.shape.join(',')}]`);
    }
  });
  const d = checkDim('stack', 'dim', dim, first, first.ndim + 1);
  checkJoinable('stack', list, 0);
  return concat(list.map((x) => unsqueeze(x, d)), d);
}

/**
 * torch.split: pieces along `dim` (default 0), each `sizes` long (the last may be shorter), or of
 * the listed sizes (which must add up to the dim).
 */
export function split(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  operand('split', 'x', x);
  const d = checkDim('split', 'dim', dim, x);
  const n = x.shape[d];
  let lengths: number[];
  if (typeof sizes === 'number') {
    if (!Number.isSafeInteger(sizes) || sizes < 1) throw new Error(`split: sizes must be an integer >= 1 or an array of integers >= 0, got ${show(sizes)}`);
    lengths = [];
    for (let at = 0; at < n; at += sizes) lengths.push(Math.min(sizes, n - at));
    if (n === 0) lengths.push(0);
  } else {
    if (!Array.isArray(sizes) || sizes.length === 0 || !sizes.every((s) => Number.isSafeInteger(s) && s >= 0)) {
      throw new Error(`split: sizes must be an integer >= 1 or an array of integers >= 0, got ${show(sizes)}`);
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n) throw new Error(`split: sizes ${show(sizes)} add up to ${total}, but dim ${d} of [${x.shape.join(',')}] has ${n}`);
    lengths = sizes.slice();
  }
  const out: Tensor[] = [];
  let at = 0;
  for (const len of lengths) {
    out.push(slice(x, d, at, at + len));
    at += len;
  }
  return out;
}

/** torch.chunk: `chunks` pieces along `dim` (default 0) of ceil(size / chunks) each (fewer when the dim is short). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  operand('chunk', 'x', x);
  if (typeof chunks !== 'number' || !Number.isSafeInteger(chunks) || chunks < 1) throw new Error(`chunk: chunks must be an integer >= 1, got ${show(chunks)}`);
  const d = checkDim('chunk', 'dim', dim, x);
  return split(x, Math.max(1, Math.ceil(x.shape[d] / chunks)), d);
}
