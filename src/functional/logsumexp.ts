// logsumexp over dims: m + log(sum(exp(x - m))), m the maximum (held constant: the result does
// not depend on it, so its gradient, softmax(x), flows through the exp alone). Composed from
// max, sub, exp, sum, log and add.
import { noGrad } from '../autograd';
import { isFloatDType } from '../dtypes';
import { native } from '../native';
import { Tensor, wrap } from '../tensor';
import { operand } from './operand';
import { reduceArgs, reducedCount, reducedShape, ReduceOptions } from './reduce_options';
import { max } from './extremum';
import { sum } from './sum';
import { add } from './add';
import { sub } from './binary';
import { exp, log } from './unary';
import { where } from './where';
import { eq } from './comparison';

/** log(sum(exp(x))) over `dim` (all dims by default), without overflow. */
export function logsumexp(x: Tensor, opts?: ReduceOptions): Tensor {
  operand('logsumexp', 'x', x);
  const { r } = reduceArgs('logsumexp', x, opts);
  if (!isFloatDType(x.dtype)) throw new Error(`logsumexp: x must be float32 or float64 (cast it first), got [${x.shape.join(',')}] ${x.dtype} ${x.device}`);
  if (reducedCount(x.shape, r) === 0 && reducedShape(x.shape, r).reduce((a, b) => a * b, 1) > 0) {
    throw new Error(`logsumexp: cannot reduce [${x.shape.join(',')}] over dims with no elements`);
  }
  // An all -Infinity slice would give -inf - -inf = NaN: its shift is 0 instead.
  const m = noGrad(() => {
    const raw = max(x, { dims: r.dims, keepDim: true });
    const infinite = eq(raw, -Infinity);
    const safe = where(infinite, 0, raw);
    raw.dispose();
    infinite.dispose();
    return safe;
  });
  const shifted = sub(x, m);
  const e = exp(shifted);
  const s = sum(e, { dims: r.dims, keepDim: r.keepDim });
  const l = log(s);
  for (const t of [shifted, e, s]) t.dispose();
  const mOut = r.keepDim ? m : wrap(native.reshape(m.handle, reducedShape(x.shape, r)));
  const out = add(l, mOut);
  for (const t of new Set([l, m, mOut])) t.dispose();
  return out;
}
