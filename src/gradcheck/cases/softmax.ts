import { softmax } from '../../functional/softmax';
import { logSoftmax } from '../../functional/log_softmax';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

// Probabilities are in [0, 1]: float32's relative rounding (6e-8) of exp and of the sum, and the
// float32 rounding of x itself (|x| * 6e-8 relative in exp's argument).
export default defineOp({
  op: 'softmax',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], dim: number, scale: number): OpCase => ({
      name: `[${shape.join(',')}] dim ${dim}, x in [-${scale}, ${scale})`,
      inputs: [floatInput(rng, shape, { low: -scale, high: scale })],
      run: (x) => softmax(x, dim),
      atol: Number((1e-6 * Math.max(1, scale)).toPrecision(2)),
      rtol: 1e-5,
    });
    const cases = [make([1, 1], -1, 1), make([3, 10], 1, 1), make([4, 257], -1, 2), make([2, 3, 4], 1, 3),
      make([5, 2, 3], 0, 1), make([7], 0, 1), make([0, 4], -1, 1), make([3, 0, 2], 2, 1), make([2, 6], 0, 20),
      // dims other than the last: lines inner apart, more columns than one CPU block (64) and a tail.
      make([2, 5, 67], 1, 3), make([3, 130], 0, 2), make([2, 3, 4, 5], 1, 1), make([3, 1, 4], 1, 1)];
    const big = floatInput(rng, [2, 5], { low: -1, high: 1 });
    big.data[3] = 500;
    big.data[7] = -500;
    cases.push({ name: '[2,5] with logits of +-500', inputs: [big], run: (x) => softmax(x), atol: 1e-6, rtol: 1e-5 });
    return cases;
  },
});

// logSoftmax along dims other than the last and on shapes other than 2-d (the 2-d cases are in log_softmax.ts).
defineOp({
  op: 'logSoftmax (any dim)',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], dim: number): OpCase => ({
      name: `[${shape.join(',')}] dim ${dim}`,
      inputs: [floatInput(rng, shape)],
      run: (x) => logSoftmax(x, dim),
      atol: 2e-6,
      rtol: 1e-5,
    });
    return [make([2, 3, 4], 1), make([5, 2, 3], 0), make([7], 0), make([2, 1, 3], -1), make([0, 3], 0),
      make([2, 5, 67], 1), make([3, 130], 0), make([2, 3, 4, 5], 2), make([3, 1, 4], 1)];
  },
});
