import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';

/** x [N, in] times weight [out, in] transposed, plus bias [out] when given -> [N, out]. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const k = kernels();
  const xh = operand('linear', 'x', x);
  const wh = operand('linear', 'weight', weight);
  const b = bias ?? null;
  const bh = b === null ? null : operand('linear', 'bias', b);
  const y = wrap(k.linearForward(xh, wh, bh));
  if (!needsGrad([x, weight, b])) return y;
  const xs = xh.share();
  const ws = wh.share();
  return record('linear', y, [x, weight, b], [xs, ws], (g, needs) => {
    const grads = k.linearBackward(g.handle, xs, ws, b !== null, [needs[0], needs[1], needs[2]]);
    return grads.map((h) => (h === null ? null : wrap(h)));
  });
}
