import { linear } from '../../functional/linear';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';
import { productSumTolerance } from './tolerance';

function makeCase(rng: Rng, name: string, N: number, inF: number, outF: number, bias: boolean, skipGradcheck = false): OpCase {
  const inputs = [floatInput(rng, [N, inF]), floatInput(rng, [outF, inF])];
  if (bias) inputs.push(floatInput(rng, [outF]));
  return {
    name: `${name}: [${N},${inF}] x [${outF},${inF}]${bias ? ' + bias' : ''}`,
    inputs,
    run: (x, w, b) => linear(x, w, b ?? null),
    // Longest sums: an output (in terms), dx (out terms), dw (N terms).
    ...productSumTolerance(Math.max(N, inF, outF)),
    skipGradcheck,
  };
}

export default defineOp({
  op: 'linear',
  cases(rng: Rng): OpCase[] {
    return [
      makeCase(rng, 'small', 3, 5, 4, true),
      makeCase(rng, 'N = 1, no bias', 1, 7, 3, false),
      makeCase(rng, 'one input feature', 6, 1, 2, true),
      makeCase(rng, 'one output feature', 4, 6, 1, true),
      makeCase(rng, 'random odd sizes', rng.int(1, 9) | 1, rng.int(1, 9) | 1, rng.int(1, 9) | 1, rng.next() < 0.5),
      makeCase(rng, 'larger (parity only)', 33, 70, 17, true, true),
      makeCase(rng, 'classifier-like (parity only)', 128, 64, 10, true, true),
    ];
  },
});
