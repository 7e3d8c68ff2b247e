import { layerNorm } from '../../functional/layer_norm';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

// The row statistics are sums of D terms in double; float32 rounds x, y and the gradients
// (relative 6e-8 of values up to a few units, scaled by rstd, which is large for rows of small
// spread: the inputs are kept in [-1, 1) with D >= 2 so that rstd stays below ~10).
export default defineOp({
  op: 'layerNorm',
  cases(rng: Rng): OpCase[] {
    const make = (name: string, shape: number[], norm: number[], affine: 'both' | 'weight' | 'bias' | 'none', eps = 1e-5): OpCase => {
      const inputs = [floatInput(rng, shape)];
      if (affine === 'both' || affine === 'weight') inputs.push(floatInput(rng, norm, { low: 0.5, high: 1.5 }));
      if (affine === 'both' || affine === 'bias') inputs.push(floatInput(rng, norm));
      return {
        name: `${name}: [${shape.join(',')}] over [${norm.join(',')}], ${affine}`,
        inputs,
        run: (x, p, q) => layerNorm(x, norm, affine === 'both' || affine === 'weight' ? p : null, affine === 'both' ? q : affine === 'bias' ? p : null, eps),
        atol: 2e-5,
        rtol: 1e-4,
      };
    };
    return [
      make('rows', [3, 5], [5], 'both'),
      make('3-d, last dim', [2, 3, 4], [4], 'both'),
      make('last two dims', [2, 3, 4], [3, 4], 'weight'),
      make('bias only', [4, 6], [6], 'bias'),
      make('no affine', [1, 7], [7], 'none'),
      make('one row', [9], [9], 'both'),
      make('no rows', [0, 4], [4], 'both'),
      make('two elements, eps 0.1', [5, 2], [2], 'both', 0.1),
      make('wide (parity only)', [4, 300], [300], 'both'),
    ].map((c, i) => (i === 8 ? { ...c, skipGradcheck: true } : c));
  },
});
