import { logSoftmax } from '../../functional/log_softmax';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'logSoftmax',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], scale: number): OpCase => ({
      name: `[${shape.join(',')}], x in [-${scale}, ${scale})`,
      inputs: [floatInput(rng, shape, { low: -scale, high: scale })],
      run: (x) => logSoftmax(x),
      // float32 rounding of x (|x| * 6e-8 absolute) carries into y = x - lse; the backward sums
      // the K upstream values of a row (rounded each) before scaling by the probabilities.
      atol: Number((2e-6 * Math.max(1, scale)).toPrecision(2)),
      rtol: 1e-5,
    });
    const cases = [make([1, 1], 1), make([3, 10], 1), make([1, 7], 3), make([4, 257], 2), make([5, 6], 20)];
    // A row with a huge logit: without the maximum subtracted first, exp would overflow.
    const big = floatInput(rng, [2, 5], { low: -1, high: 1 });
    big.data[3] = 500;
    big.data[7] = -500;
    cases.push({
      name: '[2,5] with logits of +-500', inputs: [big], run: (x) => logSoftmax(x),
      atol: 1e-4, // x = 500 in float32 carries an absolute rounding of 3e-5 into y
      rtol: 1e-5,
    });
    return cases;
  },
});
