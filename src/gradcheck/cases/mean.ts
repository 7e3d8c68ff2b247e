import { mean } from '../../functional/mean';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';
import { reductionName, reductionShapes } from './sum';

export default defineOp({
  op: 'mean',
  cases(rng: Rng): OpCase[] {
    return reductionShapes.map(([shape, dims, keepDim]) => ({
      name: reductionName(shape, dims, keepDim),
      inputs: [floatInput(rng, shape)],
      run: (x) => mean(x, { dims, keepDim }),
      // Accumulated in double: the float32 rounding of the inputs (6e-8 relative) and of 1 / count.
      atol: 1e-6,
      rtol: 1e-6,
    }));
  },
});
