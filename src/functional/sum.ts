import { checkOptions, checkBool } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { normalizeDims, operand } from './operand';

export interface ReduceOptions {
  /** The dims to reduce (negative ones count from the end); all of them when omitted or empty. */
  dims?: number[];
  /** Keep the reduced dims as size 1. */
  keepDim?: boolean;
}

/** The sum over `dims` (all dims by default: a 0-d result). */
export function sum(x: Tensor, opts: ReduceOptions = {}): Tensor {
  const k = kernels();
  const hx = operand('sum', 'x', x);
  opts = checkOptions<ReduceOptions>('sum', 'options', opts, ['dims', 'keepDim']);
  if (opts.keepDim !== undefined) checkBool('sum', 'options.keepDim', opts.keepDim);
  const dims = normalizeDims('sum', x.shape, opts.dims ?? []);
  const keepDim = opts.keepDim ?? false;
  const y = wrap(k.sumForward(hx, dims, keepDim));
  if (!needsGrad([x])) return y;
  const shape = x.shape.slice();
  return record('sum', y, [x], [], (g) => [wrap(k.sumBackward(g.handle, shape, dims, keepDim))]);
}
