import { dropout } from '../../functional/dropout';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

export default defineOp({
  op: 'dropout',
  cases(rng: Rng): OpCase[] {
    // Each case reseeds the generator before every run, so every run draws the same mask.
    const specs: [string, number[], number, boolean, number][] = [
      ['p = 0.5, [2,3,5,7]', [2, 3, 5, 7], 0.5, true, 7],
      ['p = 0.2, 2-d [3,17]', [3, 17], 0.2, true, 11],
      ['p = 0.3, one element', [1, 1, 1, 1], 0.3, true, 5],
      ['p = 0.9, odd length [1001]', [1001], 0.9, true, 13],
      ['p = 0: identity', [4, 1, 3, 3], 0, true, 17],
      ['eval: identity', [2, 5], 0.5, false, 19],
      ['p = 0.4, 3-d [2,3,5] (any shape)', [2, 3, 5], 0.4, true, 23],
    ];
    return specs.map(([name, shape, p, training, seed]) => ({
      name,
      inputs: [floatInput(rng, shape)],
      run: (x) => dropout(x, { p, training }),
      seed,
      // The same mask on both sides; y = x / (1 - p) with the factor rounded to float32.
      atol: 0,
      rtol: 1e-6,
    }));
  },
});
