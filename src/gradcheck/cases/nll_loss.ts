import { nllLoss } from '../../functional/nll_loss';
import { crossEntropy } from '../../functional/cross_entropy';
import { logSoftmax } from '../../functional/log_softmax';
import { mseLoss } from '../../functional/mse_loss';
import { defineOp, floatInput, intInput, OpCase } from '../cases';
import { Rng } from '../rng';

// Sums of N (or N * K) float32 terms of size ~1, in double; the inputs themselves rounded to float32.
const tol = { atol: 1e-5, rtol: 1e-5 };

export default defineOp({
  op: 'nllLoss',
  cases(rng: Rng): OpCase[] {
    // logProbs from a logSoftmax, so that the values are log-probabilities (any float input would do).
    const make = (name: string, N: number, K: number, weighted: boolean, reduction: 'mean' | 'sum' | 'none'): OpCase => {
      const inputs = [floatInput(rng, [N, K], { low: -3, high: 3 }), intInput(rng, [N], 0, K - 1)];
      if (weighted) inputs.push(floatInput(rng, [K], { low: 0.2, high: 2, grad: false }));
      return {
        name: `${name}: [${N},${K}], ${weighted ? 'class weights, ' : ''}${reduction}`,
        inputs,
        run: (x, y, w) => nllLoss(logSoftmax(x), y, { weight: w ?? null, reduction }),
        ...tol,
      };
    };
    return [
      make('mean', 4, 5, false, 'mean'),
      make('weighted mean', 6, 3, true, 'mean'),
      make('sum', 3, 7, true, 'sum'),
      make('none', 5, 4, true, 'none'),
      make('one row, one class', 1, 1, false, 'mean'),
      make('no rows', 0, 3, false, 'sum'),
    ];
  },
});

defineOp({
  op: 'crossEntropy (class weights)',
  cases(rng: Rng): OpCase[] {
    const make = (N: number, K: number, s: number): OpCase => ({
      name: `[${N},${K}], weights, labelSmoothing ${s}`,
      inputs: [floatInput(rng, [N, K], { low: -3, high: 3 }), intInput(rng, [N], 0, K - 1), floatInput(rng, [K], { low: 0.2, high: 2, grad: false })],
      run: (x, y, w) => crossEntropy(x, y, { weight: w, labelSmoothing: s }),
      ...tol,
    });
    return [make(5, 4, 0), make(6, 3, 0.1), make(1, 9, 0.3)];
  },
});

defineOp({
  op: 'mseLoss',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], reduction: 'mean' | 'sum' | 'none'): OpCase => ({
      name: `[${shape.join(',')}], ${reduction}`,
      inputs: [floatInput(rng, shape), floatInput(rng, shape)],
      run: (a, b) => mseLoss(a, b, { reduction }),
      ...tol,
    });
    return [make([3, 4], 'mean'), make([5], 'sum'), make([2, 1, 3], 'none'), make([1], 'mean'), make([0, 2], 'sum'), make([7, 33], 'mean')];
  },
});
