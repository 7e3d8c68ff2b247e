import { sigmoid } from '../../functional/sigmoid';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'sigmoid',
  cases(rng: Rng): OpCase[] {
    const moderate = [[1], [2, 3, 5, 7], [3, 17], [1, 1, 1, 1], [rng.int(1, 3), rng.int(1, 5), rng.int(1, 9), rng.int(1, 9)]];
    const cases: OpCase[] = moderate.map((shape) => ({
      name: `[${shape.join(',')}], x in [-6, 6)`,
      inputs: [floatInput(rng, shape, { low: -6, high: 6 })],
      run: (x) => sigmoid(x),
      // float32 rounding of x moves y by up to |x| * 6e-8 relatively; 1 - y in the backward loses
      // digits in float32 when y is near 1, an absolute error of about 1e-7.
      atol: 1e-6,
      rtol: 1e-5,
    }));
    cases.push({
      name: '[4,9], |x| in [15, 30] (saturated)',
      inputs: [floatInput(rng, [4, 9], { low: -30, high: 30, gap: 15 })],
      run: (x) => sigmoid(x),
      // As above with |x| = 30: x's rounding moves y by up to 2e-6 relatively; the gradients are
      // below 1e-6 there, and float32 1 - y rounds them to 0 next to 1, hence the absolute term.
      atol: 1e-6,
      rtol: 5e-6,
      skipGradcheck: true,
    });
    return cases;
  },
});
