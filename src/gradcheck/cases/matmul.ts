import { matmul } from '../../functional/matmul';
import { transpose } from '../../functional/permute';
import { slice } from '../../functional/slice';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';
import { productSumTolerance } from './tolerance';

function makeCase(rng: Rng, name: string, a: number[], b: number[], skipGradcheck = false): OpCase {
  const batch = (s: number[]) => s.slice(0, -2).reduce((x, y) => x * y, 1);
  const M = a.length > 1 ? a[a.length - 2] : 1, K = a[a.length - 1], N = b.length > 1 ? b[b.length - 1] : 1;
  return {
    name: `${name}: [${a.join(',')}] x [${b.join(',')}]`,
    inputs: [floatInput(rng, a), floatInput(rng, b)],
    run: (x, y) => matmul(x, y),
    // Longest sums: an output (K terms), da (N terms), db (M terms times the batches summed).
    ...productSumTolerance(Math.max(K, N, M * Math.max(batch(a), batch(b)))),
    skipGradcheck,
  };
}

function randomCase(rng: Rng): OpCase {
  const B = rng.int(1, 3), M = rng.int(1, 9) | 1, K = rng.int(1, 9) | 1, N = rng.int(1, 9) | 1;
  return makeCase(rng, 'random odd sizes', [B, M, K], [B, K, N]);
}

export default defineOp({
  op: 'matmul',
  cases(rng: Rng): OpCase[] {
    return [
      makeCase(rng, '2-d', [3, 5], [5, 4]),
      makeCase(rng, 'size-1 dims', [1, 1], [1, 1]),
      makeCase(rng, 'vector times matrix', [5], [5, 3]),
      makeCase(rng, 'matrix times vector', [4, 5], [5]),
      makeCase(rng, 'dot product', [7], [7]),
      makeCase(rng, 'batched, b shared (folds)', [2, 3, 5], [5, 4]),
      makeCase(rng, 'batched, a shared', [3, 5], [2, 5, 4]),
      makeCase(rng, 'batched both', [2, 3, 4], [2, 4, 3]),
      makeCase(rng, 'broadcast batch dims', [2, 1, 3, 4], [1, 3, 4, 2]),
      makeCase(rng, 'batch of size 1 against 3', [1, 2, 3], [3, 3, 5]),
      makeCase(rng, 'empty batch', [0, 3, 4], [4, 2]),
      makeCase(rng, 'empty rows', [2, 0, 4], [2, 4, 3]),
      makeCase(rng, 'K = 0', [3, 0], [0, 2]),
      randomCase(rng),
      // Operands made by the copying shape ops (what a strided view would be elsewhere): a^T and every other row of b.
      { ...makeCase(rng, 'transposed a, sliced b', [5, 3], [9, 4]), run: (x, y) => matmul(transpose(x, 0, 1), slice(y, 0, 0, null, 2)) },
      makeCase(rng, 'larger (parity only)', [2, 33, 70], [70, 17], true),
      makeCase(rng, 'many small batches (parity only)', [64, 5, 7], [64, 7, 3], true),
    ];
  },
});
