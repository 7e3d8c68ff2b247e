import { kernels, native } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { isFloatDType } from '../dtypes';
import { operand } from './operand';
import { reduceArgs, ReduceOptions } from './reduce_options';

export type { ReduceOptions } from './reduce_options';

/**
 * The sum over `dim` (all dims by default: a 0-d result). Integer and bool tensors sum to int64
 * (exact while the sums stay below 2^53), without gradient.
 */
export function sum(x: Tensor, opts: ReduceOptions = {}): Tensor {
  const k = kernels();
  const hx = operand('sum', 'x', x);
  const { r } = reduceArgs('sum', x, opts);
  const { dims, keepDim } = r;
  if (!isFloatDType(x.dtype)) {
    const wide = native.cast(hx, 'float64');
    try {
      const s = k.sumForward(wide, dims, keepDim);
      try {
        return wrap(native.cast(s, 'int64'));
      } finally {
        s.dispose();
      }
    } finally {
      wide.dispose();
    }
  }
  const y = wrap(k.sumForward(hx, dims, keepDim));
  if (!needsGrad([x])) return y;
  const shape = x.shape.slice();
  return record('sum', y, [x], [], (g) => [wrap(k.sumBackward(g.handle, shape, dims, keepDim))]);
}
