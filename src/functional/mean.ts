import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { reduceArgs, ReduceOptions } from './reduce_options';

/** The mean over `dim` (all dims by default: a 0-d result). Averaging over no elements is an Error. */
export function mean(x: Tensor, opts: ReduceOptions = {}): Tensor {
  const k = kernels();
  const hx = operand('mean', 'x', x);
  const { r } = reduceArgs('mean', x, opts);
  const { dims, keepDim } = r;
  const y = wrap(k.meanForward(hx, dims, keepDim));
  if (!needsGrad([x])) return y;
  const shape = x.shape.slice();
  return record('mean', y, [x], [], (g) => [wrap(k.meanBackward(g.handle, shape, dims, keepDim))]);
}
