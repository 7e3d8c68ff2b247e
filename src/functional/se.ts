import { Tensor } from '../tensor';
import { operand } from './operand';
import { globalAvgPool2d } from './global_avg_pool2d';
import { linear } from './linear';
import { mul } from './mul';
import { relu } from './relu';
import { sigmoid } from './sigmoid';

/**
 * Squeeze-and-excitation (Hu et al.): x * sigmoid(W2 relu(W1 gap(x) + b1) + b2), one gate per
 * channel. x [N, C, H, W], w1 [Cr, C], b1 [Cr], w2 [C, Cr], b2 [C] (biases may be null).
 * Composed of existing ops, so its gradient is theirs.
 */
export function se(x: Tensor, w1: Tensor, b1: Tensor | null, w2: Tensor, b2: Tensor | null): Tensor {
  operand('se', 'x', x);
  operand('se', 'w1', w1);
  if (b1 !== null) operand('se', 'b1', b1);
  operand('se', 'w2', w2);
  if (b2 !== null) operand('se', 'b2', b2);
  if (x.ndim !== 4) throw new Error(`se: expected x [N, C, H, W], got ${x.toString()}`);
  const [n, c] = x.shape;
  if (w1.ndim !== 2 || w1.shape[1] !== c || w2.ndim !== 2 || w2.shape[0] !== c || w2.shape[1] !== w1.shape[0]) {
    throw new Error(`se: weights ${w1.toString()} and ${w2.toString()} do not fit x ${x.toString()} ` +
      `(expected w1 [Cr, ${c}] and w2 [${c}, Cr])`);
  }
  for (const [name, b, size, w] of [['b1', b1, w1.shape[0], w1], ['b2', b2, c, w2]] as const) {
    if (b !== null && (b.ndim !== 1 || b.shape[0] !== size || b.dtype !== w.dtype)) {
      throw new Error(`se: ${name} must be [${size}] ${w.dtype} (one per output of ${w.toString()}), got ${b.toString()}`);
    }
  }
  if (w1.dtype !== x.dtype || w2.dtype !== x.dtype) throw new Error(`se: x, w1 and w2 must share a dtype, got ${x.toString()}, ${w1.toString()}, ${w2.toString()}`);
  const squeezed = globalAvgPool2d(x).reshape([n, c]);
  const hidden = relu(linear(squeezed, w1, b1));
  const gate = sigmoid(linear(hidden, w2, b2)).reshape([n, c, 1, 1]);
  return mul(x, gate);
}
