import { checkOptions, checkBool } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { normalizeDims, operand } from './operand';
import type { ReduceOptions } from './sum';

/** The mean over `dims` (all dims by default: a 0-d result). Averaging over no elements is an Error. */
export function mean(x: Tensor, opts: ReduceOptions = {}): Tensor {
  const k = kernels();
  const hx = operand('mean', 'x', x);
  opts = checkOptions<ReduceOptions>('mean', 'options', opts, ['dims', 'keepDim']);
  if (opts.keepDim !== undefined) checkBool('mean', 'options.keepDim', opts.keepDim);
  const dims = normalizeDims('mean', x.shape, opts.dims ?? []);
  const keepDim = opts.keepDim ?? false;
  const y = wrap(k.meanForward(hx, dims, keepDim));
  if (!needsGrad([x])) return y;
  const shape = x.shape.slice();
  return record('mean', y, [x], [], (g) => [wrap(k.meanBackward(g.handle, shape, dims, keepDim))]);
}
