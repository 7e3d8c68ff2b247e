import { checkOneOf, checkOptions } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import type { Reduction } from './nll_loss';

/**
 * The mean (or 'sum', or per element with 'none') of (input - target)^2, both of one shape:
 * F.mse_loss. Differentiable with respect to both.
 */
export function mseLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  const o = checkOptions<{ reduction?: Reduction }>('mseLoss', 'options', opts, ['reduction']);
  const reduction = o.reduction === undefined ? 'mean' : checkOneOf('mseLoss', 'options.reduction', o.reduction, ['mean', 'sum', 'none']);
  const ah = operand('mseLoss', 'input', input);
  const bh = operand('mseLoss', 'target', target);
  const k = kernels();
  const y = wrap(k.mseLossForward(ah, bh, reduction));
  if (!needsGrad([input, target])) return y;
  const as = ah.share(), bs = bh.share();
  return record('mseLoss', y, [input, target], [as, bs], (g, needs) =>
    k.mseLossBackward(g.handle, as, bs, reduction, [needs[0], needs[1]]).map((h) => (h === null ? null : wrap(h))));
}
