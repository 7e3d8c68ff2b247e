import { show } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/**
 * x repeated along its size-1 dims (and new leading dims) to `shape`, NumPy's broadcasting; -1
 * keeps x's size. A copy (tensors stay contiguous); the gradient sums over the repeats.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const xh = operand('expand', 'x', x);
  if (!Array.isArray(shape) || shape.length < x.ndim || !shape.every((d) => Number.isSafeInteger(d) && d >= -1)) {
    throw new Error(`expand: shape must be an array of at least ${x.ndim} integers >= -1 for [${x.shape.join(',')}], got ${show(shape)}`);
  }
  const lead = shape.length - x.ndim;
  const target = shape.map((d, i) => {
    if (d !== -1) return d;
    if (i < lead) throw new Error(`expand: -1 at dim ${i} of ${show(shape)} names no dim of [${x.shape.join(',')}]`);
    return x.shape[i - lead];
  });
  const k = kernels();
  const y = wrap(k.expandForward(xh, target));
  if (!needsGrad([x])) return y;
  const from = x.shape.slice();
  return record('expand', y, [x], [], (g) => [wrap(k.expandBackward(g.handle, from))]);
}
