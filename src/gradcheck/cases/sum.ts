import { sum } from '../../functional/sum';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

/** Reduction cases shared by sum and mean: [shape, dims (undefined: all), keepDim]. */
export const reductionShapes: [number[], number[] | undefined, boolean][] = [
  [[2, 3, 4, 5], undefined, false],
  [[2, 3, 4, 5], [1], true],
  [[2, 3, 4, 5], [0, 2, 3], true],
  [[2, 3, 4, 5], [-1], false],
  [[2, 3, 4, 5], [0], false],
  [[2, 3, 4, 5], [3, 1], false],
  [[1], undefined, false],
  [[1], [0], true],
  [[7], undefined, true],
  [[3, 1, 5], [1], false],
  [[1, 6, 1, 1], [0, 2, 3], true],
  [[2, 3, 4], [0, 2], false],
  [[5, 301], [1], false],
  [[301, 5], [0], true],
];

export function reductionName(shape: number[], dims: number[] | undefined, keepDim: boolean): string {
  return `[${shape.join(',')}] dims ${dims ? `[${dims.join(',')}]` : 'all'}${keepDim ? ', keepDim' : ''}`;
}

/** How many input elements one output adds up. */
export function reducedCount(shape: number[], dims: number[] | undefined): number {
  const ds = (dims ?? shape.map((_, i) => i)).map((d) => (d < 0 ? d + shape.length : d));
  return ds.reduce((n, d) => n * shape[d], 1);
}

export default defineOp({
  op: 'sum',
  cases(rng: Rng): OpCase[] {
    return reductionShapes.map(([shape, dims, keepDim]) => ({
      name: reductionName(shape, dims, keepDim),
      inputs: [floatInput(rng, shape)],
      run: (x) => sum(x, { dims, keepDim }),
      // The kernels add in double: only the float32 rounding of the inputs remains, at most
      // 6e-8 per element (|x| < 1), over `count` elements; gradients are copies of the upstream.
      atol: Number((6e-8 * reducedCount(shape, dims) + 1e-6).toPrecision(2)),
      rtol: 1e-6,
    }));
  },
});
