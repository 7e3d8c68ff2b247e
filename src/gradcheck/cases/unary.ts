import { abs, clamp, exp, gelu, log, neg, rsqrt, sqrt, tanh } from '../../functional/unary';
import { defineOp, floatInput, OpCase } from '../cases';
import { Rng } from '../rng';
import type { Tensor } from '../../tensor';

// The unary family (unaryForward / unaryBackward). Float32 parity: exp, tanh and gelu use the
// float32 polynomials of vec_math.h (within a few ulp, about 5e-7 relative; gelu's erf within
// 1.5e-7 absolute), log and sqrt the C library's (correctly rounded to 1 ulp).
export default defineOp({
  op: 'unary',
  cases(rng: Rng): OpCase[] {
    const tol = { atol: 2e-6, rtol: 2e-6 };
    const c = (name: string, input: OpCase['inputs'][number], run: (x: Tensor) => Tensor): OpCase => ({ name, inputs: [input], run, ...tol });
    const positive = (shape: number[]) => floatInput(rng, shape, { low: 0.2, high: 3 });
    return [
      c('neg [2,3]', floatInput(rng, [2, 3]), (x) => neg(x)),
      c('abs [7] (kept 0.05 from the kink)', floatInput(rng, [7], { gap: 0.05 }), (x) => abs(x)),
      c('exp [3,4]', floatInput(rng, [3, 4], { low: -3, high: 3 }), (x) => exp(x)),
      c('exp [0,4] (empty)', floatInput(rng, [0, 4]), (x) => exp(x)),
      c('log [5]', positive([5]), (x) => log(x)),
      c('sqrt [] (0-d)', positive([]), (x) => sqrt(x)),
      c('rsqrt [2,2,2]', positive([2, 2, 2]), (x) => rsqrt(x)),
      c('tanh [5,3] (near 0 and far)', floatInput(rng, [5, 3], { low: -4, high: 4 }), (x) => tanh(x)),
      c('tanh [9] small', floatInput(rng, [9], { low: -0.1, high: 0.1 }), (x) => tanh(x)),
      c('gelu [4,5]', floatInput(rng, [4, 5], { low: -4, high: 4 }), (x) => gelu(x)),
      c('clamp [11] to [-0.5, 0.5]', floatInput(rng, [11]), (x) => clamp(x, -0.5, 0.5)),
      c('clamp [6] min only', floatInput(rng, [6], { gap: 0.05 }), (x) => clamp(x, 0)),
    ];
  },
});
