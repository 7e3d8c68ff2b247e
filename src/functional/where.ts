// where(cond, a, b) with broadcasting of all three: a where cond is true, else b.
import { fail } from '../check';
import { kernels, native } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { isFloatDType } from '../dtypes';
import { Operand, promote, reduceTo, withPromoted } from './elementwise';
import { operand } from './operand';

/**
 * a where cond is true, else b; cond a bool tensor, a and b tensors or numbers (promoted to one
 * dtype). The gradient flows to a where cond holds and to b elsewhere, summed to their shapes.
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const k = kernels();
  const hc = operand('where', 'cond', cond);
  if (cond.dtype !== 'bool') fail('where', 'cond', 'a bool tensor (from a comparison)', `a ${cond.dtype} tensor`);
  const p = promote('where', ['a', 'b'], [a, b]);
  const inputs = [a, b].map((v) => (v instanceof Tensor ? v : null));
  const grad = isFloatDType(p.dtype) && needsGrad(inputs);
  const y = withPromoted(p, ([ha, hb]) => wrap(k.whereForward(hc, ha, hb)));
  if (!grad) return y;
  const sc = hc.share();
  const shapes = inputs.map((t) => (t ? t.shape.slice() : []));
  const dtypes = inputs.map((t) => (t ? t.dtype : p.dtype));
  return record('where', y, inputs, [sc], (g, needs) => {
    const zero = native.full([], 0, g.dtype, g.device);
    try {
      return [0, 1].map((i) => {
        if (!needs[i]) return null;
        const h = i === 0 ? k.whereForward(sc, g.handle, zero) : k.whereForward(sc, zero, g.handle);
        try {
          return reduceTo(k, h, shapes[i], dtypes[i]);
        } finally {
          h.dispose();
        }
      });
    } finally {
      zero.dispose();
    }
  });
}
