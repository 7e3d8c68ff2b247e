import { permute, transpose } from '../../functional/permute';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';

// A copy: float32 must match the reference exactly (up to the float32 rounding of the inputs).
const exact = { atol: 1e-7, rtol: 1e-6 };

export default defineOp({
  op: 'permute',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], dims: number[]): OpCase => ({
      name: `[${shape.join(',')}] by [${dims.join(',')}]`,
      inputs: [floatInput(rng, shape)],
      run: (x) => permute(x, dims),
      ...exact,
    });
    return [
      make([3, 4], [1, 0]),
      make([2, 3, 5], [2, 0, 1]),
      make([2, 1, 3, 1], [3, 1, 0, 2]),
      make([4, 0, 3], [2, 1, 0]),
      make([5], [0]),
      make([3, 5, 7], [-1, 0, -2]),
    ];
  },
});

defineOp({
  op: 'transpose',
  cases(rng: Rng): OpCase[] {
    const make = (shape: number[], a: number, b: number): OpCase => ({
      name: `[${shape.join(',')}] dims ${a} and ${b}`,
      inputs: [floatInput(rng, shape)],
      run: (x) => transpose(x, a, b),
      ...exact,
    });
    return [make([3, 4], 0, 1), make([2, 3, 5], 0, -1), make([1, 7, 1], 2, 1), make([2, 3], 1, 1)];
  },
});
