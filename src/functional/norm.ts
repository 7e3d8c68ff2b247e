// Vector norms over dims, composed from abs, mul, sum, sqrt and max (gradients come with them):
// p = 2: sqrt(sum(x^2)); p = 1: sum(|x|); p = Infinity: max(|x|).
import { fail } from '../check';
import { isFloatDType } from '../dtypes';
import type { Tensor } from '../tensor';
import { operand } from './operand';
import { reduceArgs, ReduceOptions } from './reduce_options';
import { sum } from './sum';
import { mul } from './mul';
import { abs, sqrt } from './unary';
import { max } from './extremum';

export interface NormOptions extends ReduceOptions {
  /** 2 (the default), 1 or Infinity. */
  p?: number;
}

/** The p-norm over `dim` (all dims by default: the norm of the flattened tensor). */
export function norm(x: Tensor, opts?: NormOptions): Tensor {
  operand('norm', 'x', x);
  const { r, o } = reduceArgs<NormOptions>('norm', x, opts, ['p']);
  const p = o.p ?? 2;
  if (p !== 1 && p !== 2 && p !== Infinity) fail('norm', 'options.p', '1, 2 or Infinity', p);
  if (!isFloatDType(x.dtype)) throw new Error(`norm: x must be float32 or float64 (cast it first), got [${x.shape.join(',')}] ${x.dtype} ${x.device}`);
  const red = { dims: r.dims, keepDim: r.keepDim };
  if (p === 2) {
    const sq = mul(x, x);
    const s = sum(sq, red);
    const out = sqrt(s);
    sq.dispose();
    s.dispose();
    return out;
  }
  const a = abs(x);
  const out = p === 1 ? sum(a, red) : max(a, red);
  a.dispose();
  return out;
}
