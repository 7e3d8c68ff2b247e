// variance (Tensor.var) and std over dims, composed from mean, sub, mul, sum and div, whose
// gradients come with them: sum((x - mean(x))^2) / (N - correction), N the elements reduced into
// each output. (A function cannot be called `var` in JavaScript; the method can.)
import { isFloatDType } from '../dtypes';
import type { Tensor } from '../tensor';
import { checkNumber } from '../check';
import { operand } from './operand';
import { reduceArgs, reducedCount, reducedShape, ReduceOptions } from './reduce_options';
import { mean } from './mean';
import { sum } from './sum';
import { div, sub } from './binary';
import { mul } from './mul';
import { sqrt } from './unary';

export interface VarOptions extends ReduceOptions {
  /** Subtracted from N in the divisor: 1 (the default) for the unbiased estimate, 0 for the population's. */
  correction?: number;
}

function varianceOf(op: string, x: Tensor, opts: VarOptions | undefined): Tensor {
  operand(op, 'x', x);
  const { r, o } = reduceArgs<VarOptions>(op, x, opts, ['correction']);
  const correction = o.correction === undefined ? 1 : checkNumber(op, 'options.correction', o.correction, { min: 0 });
  if (!isFloatDType(x.dtype)) throw new Error(`${op}: x must be float32 or float64 (cast it first), got [${x.shape.join(',')}] ${x.dtype} ${x.device}`);
  const n = reducedCount(x.shape, r);
  if (n === 0 && reducedShape(x.shape, r).reduce((a, b) => a * b, 1) > 0) {
    throw new Error(`${op}: cannot reduce [${x.shape.join(',')}] over dims with no elements`);
  }
  const m = mean(x, { dims: r.dims, keepDim: true });
  const d = sub(x, m);
  const sq = mul(d, d);
  const s = sum(sq, { dims: r.dims, keepDim: r.keepDim });
  for (const t of [m, d, sq]) t.dispose();
  // N <= correction gives Infinity or NaN, as in PyTorch.
  const out = div(s, Math.max(n - correction, 0));
  s.dispose();
  return out;
}

/** The variance over `dim` (all dims by default), unbiased unless `correction` says otherwise. */
export function variance(x: Tensor, opts?: VarOptions): Tensor {
  return varianceOf('variance', x, opts);
}

/** The standard deviation: sqrt of variance with the same options. */
export function std(x: Tensor, opts?: VarOptions): Tensor {
  const v = varianceOf('std', x, opts);
  const out = sqrt(v);
  v.dispose();
  return out;
}
