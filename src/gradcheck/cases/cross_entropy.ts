import { crossEntropy } from '../../functional/cross_entropy';
import { Reduction } from '../../functional/nll_loss';
import { defineOp, floatInput, intInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'crossEntropy',
  cases(rng: Rng): OpCase[] {
    const make = (n: number, k: number, labelSmoothing: number, scale = 2, labelType: 'int32' | 'int64' = 'int32', reduction: Reduction = 'mean'): OpCase => ({
      name: `N = ${n}, K = ${k}, labelSmoothing ${labelSmoothing}${labelType === 'int64' ? ', int64 labels' : ''}${reduction === 'mean' ? '' : `, reduction ${reduction}`}`,
      inputs: [floatInput(rng, [n, k], { low: -scale, high: scale }), intInput(rng, [n], 0, k - 1, labelType)],
      run: (logits, labels) => crossEntropy(logits, labels, { labelSmoothing, reduction }),
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
      make(5, 7, 0.1, 2, 'int64'),
      make(4, 6, 0, 2, 'int32', 'sum'),
      make(3, 5, 0.2, 2, 'int64', 'none'),
    ];
  },
});
