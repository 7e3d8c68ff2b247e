// max, min, argmax and argmin over dims, on the native extremum family (values and int64
// positions in one pass). Positions count the reduced elements in row-major order: over one dim,
// the index along it (PyTorch's), over all dims, the flat index. The first extremum wins ties, and
// the gradient goes to it alone; NaN propagates.
import { kernels, NativeTensor } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { reduceArgs, reducedCount, reducedShape, Reduction, ReduceOptions } from './reduce_options';

export interface ValuesAndIndices {
  values: Tensor;
  /** int64 positions of the extrema. */
  indices: Tensor;
}

/** Bool has no order, and an output needs at least one element to choose from. */
function checkOrdered(op: string, x: Tensor, r: Reduction): void {
  if (x.dtype === 'bool') throw new Error(`${op}: bool tensors have no order (cast first), got [${x.shape.join(',')}] bool ${x.device}`);
  const outputs = reducedShape(x.shape, r).reduce((n, d) => n * d, 1);
  if (outputs > 0 && reducedCount(x.shape, r) === 0) {
    throw new Error(`${op}: cannot reduce [${x.shape.join(',')}] over dims with no elements`);
  }
}

function extremum(op: string, x: Tensor, opts: ReduceOptions | undefined, isMin: boolean): [Tensor, NativeTensor] {
  const k = kernels();
  const hx = operand(op, 'x', x);
  const { r } = reduceArgs(op, x, opts);
  checkOrdered(op, x, r);
  const { dims, keepDim } = r;
  const [hv, hi] = k.extremumForward(hx, dims, keepDim, isMin);
  const values = wrap(hv);
  if (!needsGrad([x])) return [values, hi];
  const shape = x.shape.slice();
  const saved = hi.share();
  return [record(isMin ? 'min' : 'max', values, [x], [saved], (g) => [wrap(k.extremumBackward(g.handle, saved, shape, dims, keepDim))]), hi];
}

/** The largest element over `dim` (all dims by default). */
export function max(x: Tensor, opts?: ReduceOptions): Tensor {
  const [v, i] = extremum('max', x, opts, false);
  i.dispose();
  return v;
}

/** The smallest element over `dim` (all dims by default). */
export function min(x: Tensor, opts?: ReduceOptions): Tensor {
  const [v, i] = extremum('min', x, opts, true);
  i.dispose();
  return v;
}

/** max and the int64 positions of the maxima (PyTorch's torch.max(x, dim)). */
export function maxWithIndices(x: Tensor, opts?: ReduceOptions): ValuesAndIndices {
  const [values, i] = extremum('maxWithIndices', x, opts, false);
  return { values, indices: wrap(i) };
}

/** min and the int64 positions of the minima (PyTorch's torch.min(x, dim)). */
export function minWithIndices(x: Tensor, opts?: ReduceOptions): ValuesAndIndices {
  const [values, i] = extremum('minWithIndices', x, opts, true);
  return { values, indices: wrap(i) };
}

/** The int64 position of the largest element over `dim` (all dims: the flat index). */
export function argmax(x: Tensor, opts?: ReduceOptions): Tensor {
  return positions('argmax', x, opts, false);
}

/** The int64 position of the smallest element over `dim` (all dims: the flat index). */
export function argmin(x: Tensor, opts?: ReduceOptions): Tensor {
  return positions('argmin', x, opts, true);
}

function positions(op: string, x: Tensor, opts: ReduceOptions | undefined, isMin: boolean): Tensor {
  const hx = operand(op, 'x', x);
  const { r } = reduceArgs(op, x, opts);
  checkOrdered(op, x, r);
  const [v, i] = kernels().extremumForward(hx, r.dims, r.keepDim, isMin);
  v.dispose();
  return wrap(i);
}
