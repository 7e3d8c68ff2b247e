import { checkOptions, checkBool, show } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1) (default 0.5). */
  p?: number;
  /** Only training drops anything (default true). */
  training?: boolean;
}

/**
 * Zeroes each element with probability p and scales the others by 1 / (1 - p). The mask comes from
 * the global generator (manualSeed), the same on cpu and cuda for the same seed. Returns x itself
 * (no copy) when not training or when p = 0.
 */
export function dropout(x: Tensor, opts: DropoutOptions = {}): Tensor {
  opts = checkOptions<DropoutOptions>('dropout', 'options', opts, ['p', 'training']);
  if (opts.training !== undefined) checkBool('dropout', 'options.training', opts.training);
  const p = opts.p ?? 0.5;
  if (typeof p !== 'number' || !(p >= 0 && p < 1)) {
    throw new Error(`dropout: p must be in [0, 1), got ${show(p)} for x [${x.shape.join(',')}] ${x.dtype} ${x.device}`);
  }
  if (!(opts.training ?? true) || p === 0) return x;
  const k = kernels();
  const [yHandle, mask] = k.dropoutForward(operand('dropout', 'x', x), p);
  const y = wrap(yHandle);
  if (!needsGrad([x])) {
    mask.dispose();
    return y;
  }
  return record('dropout', y, [x], [mask], (g) => [wrap(k.dropoutBackward(g.handle, mask))]);
}
