import { indexSelect } from '../../functional/index_select';
import { gather } from '../../functional/gather';
import { maskedFill } from '../../functional/masked_fill';
import { embedding } from '../../functional/embedding';
import { CaseInput, defineOp, floatInput, intInput, OpCase } from '../cases';
import { Rng } from '../rng';

// Copies: float32 matches the reference up to the rounding of the inputs; the backward adds a
// handful of repeated indices.
const tol = { atol: 1e-6, rtol: 1e-5 };

function indices(values: number[]): CaseInput {
  return { shape: [values.length], data: Float64Array.from(values), dtype: 'int32', grad: false };
}

export default defineOp({
  op: 'indexSelect',
  cases(rng: Rng): OpCase[] {
    return [
      { name: '[5,3] rows [4,0,4,2] (a repeat)', inputs: [floatInput(rng, [5, 3]), indices([4, 0, 4, 2])], run: (x, i) => indexSelect(x, 0, i), ...tol },
      { name: '[2,6,3] dim 1, random', inputs: [floatInput(rng, [2, 6, 3]), intInput(rng, [7], 0, 5)], run: (x, i) => indexSelect(x, 1, i), ...tol },
      { name: '[3,4] dim -1, one index', inputs: [floatInput(rng, [3, 4]), indices([3])], run: (x, i) => indexSelect(x, -1, i), ...tol },
      { name: '[3,4] no index', inputs: [floatInput(rng, [3, 4]), indices([])], run: (x, i) => indexSelect(x, 0, i), ...tol },
      { name: '[1] every row twice', inputs: [floatInput(rng, [1]), indices([0, 0])], run: (x, i) => indexSelect(x, 0, i), ...tol },
    ];
  },
});

defineOp({
  op: 'gather',
  cases(rng: Rng): OpCase[] {
    const idx = (shape: number[], high: number) => intInput(rng, shape, 0, high - 1);
    return [
      { name: '[4,5] dim 1, index [4,3]', inputs: [floatInput(rng, [4, 5]), idx([4, 3], 5)], run: (x, i) => gather(x, 1, i), ...tol },
      { name: '[4,5] dim 0, index [6,2] (smaller in dim 1)', inputs: [floatInput(rng, [4, 5]), idx([6, 2], 4)], run: (x, i) => gather(x, 0, i), ...tol },
      { name: '[2,3,4] dim -1, index [2,3,1]', inputs: [floatInput(rng, [2, 3, 4]), idx([2, 3, 1], 4)], run: (x, i) => gather(x, -1, i), ...tol },
      { name: '[3] dim 0, index [0]', inputs: [floatInput(rng, [3]), idx([0], 3)], run: (x, i) => gather(x, 0, i), ...tol },
    ];
  },
});

defineOp({
  op: 'maskedFill',
  cases(rng: Rng): OpCase[] {
    const mask = (shape: number[]) => intInput(rng, shape, 0, 1);
    return [
      { name: '[3,4] same-shape mask, value 0.5', inputs: [floatInput(rng, [3, 4]), mask([3, 4])], run: (x, m) => maskedFill(x, m, 0.5), ...tol },
      { name: '[2,3,4] mask [3,1] broadcast', inputs: [floatInput(rng, [2, 3, 4]), mask([3, 1])], run: (x, m) => maskedFill(x, m, -2), ...tol },
      { name: '[0,3] empty', inputs: [floatInput(rng, [0, 3]), mask([0, 3])], run: (x, m) => maskedFill(x, m, 1), ...tol },
      { name: '[5] mask of 7s (nonzero is true)', inputs: [floatInput(rng, [5]), { ...intInput(rng, [5], 0, 1), data: Float64Array.from([7, 0, -1, 0, 7]) }], run: (x, m) => maskedFill(x, m, 3), ...tol },
    ];
  },
});

defineOp({
  op: 'embedding',
  cases(rng: Rng): OpCase[] {
    return [
      { name: 'ids [2,3] into [5,4]', inputs: [intInput(rng, [2, 3], 0, 4), floatInput(rng, [5, 4])], run: (i, w) => embedding(i, w), ...tol },
      { name: 'no ids [0] into [3,2]', inputs: [intInput(rng, [0], 0, 2), floatInput(rng, [3, 2])], run: (i, w) => embedding(i, w), ...tol },
    ];
  },
});
