import { crossEntropy } from '../../functional/cross_entropy';
import { defineOp, floatInput, intInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'crossEntropy',
  cases(rng: Rng): OpCase[] {
    const make = (n: number, k: number, labelSmoothing: number, scale = 2): OpCase => ({
      name: `N = ${n}, K = ${k}, labelSmoothing ${labelSmoothing}`,
      inputs: [floatInput(rng, [n, k], { low: -scale, high: scale }), intInput(rng, [n], 0, k - 1)],
      run: (logits, labels) => crossEntropy(logits, labels, { labelSmoothing }),
      // float32 rounding of the logits (|x| * 6e-8) moves each row's loss by about that much; the
      // gradient is (p - q) / N with p rounded to float32.
      atol: Number((2e-6 * scale).toPrecision(2)),
      rtol: 1e-5,
    });
    return [
      make(1, 1, 0),
      make(1, 1, 0.1),
      make(1, 5, 0),
      make(4, 10, 0),
      make(4, 10, 0.1),
      make(7, 3, 0.1, 8),
      make(16, 100, 0),
      make(3, 37, 0.1),
    ];
  },
});
