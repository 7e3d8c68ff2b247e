import { show } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { expand } from './expand';

/**
 * x with `value` where mask is true (nonzero): torch.masked_fill. mask: bool (or int32 / int64, true where nonzero), x's shape or
 * broadcastable to it (NumPy's rules). value may be any number, -Infinity included (attention masks).
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  const xh = operand('maskedFill', 'x', x);
  operand('maskedFill', 'mask', mask);
  if (typeof value !== 'number') throw new TypeError(`maskedFill: value must be a number, got ${show(value)}`);
  const same = mask.shape.length === x.shape.length && mask.shape.every((s, i) => s === x.shape[i]);
  let full = mask;
  if (!same) {
    if (mask.ndim > x.ndim || !mask.shape.every((s, i) => s === 1 || s === x.shape[x.ndim - mask.ndim + i])) {
      throw new Error(`maskedFill: mask [${mask.shape.join(',')}] does not broadcast to x [${x.shape.join(',')}]`);
    }
    full = expand(mask, x.shape);
  }
  const k = kernels();
  const y = wrap(k.maskedFillForward(xh, full.handle, value));
  const mh = full.handle.share();
  if (full !== mask) full.dispose();
  if (!needsGrad([x])) {
    mh.dispose();
    return y;
  }
  return record('maskedFill', y, [x], [mh], (g) => [wrap(k.maskedFillBackward(g.handle, mh))]);
}
