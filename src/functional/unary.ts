// The unary elementwise ops on the native unary family (unaryForward / unaryBackward): one pass
// forward, one pass backward (dx = dy * f'(x)). exp, log, sqrt, rsqrt, tanh and gelu take float
// tensors; neg, abs and clamp take integer ones too (without gradient). relu and sigmoid have
// their own layout-keeping ops (relu.ts, sigmoid.ts).
import { checkNumber, fail } from '../check';
import { kernels, native, UnaryOpName } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { isFloatDType, promoteWithScalar } from '../dtypes';
import { operand } from './operand';
import { maximum, minimum } from './binary';
import { broadcastShapes } from './elementwise';


function unaryOp(op: UnaryOpName, x: Tensor, lo = -Infinity, hi = Infinity): Tensor {
  const k = kernels();
  const hx = operand(op, 'x', x);
  const y = wrap(k.unaryForward(hx, op, lo, hi));
  if (!needsGrad([x])) return y;
  const sx = hx.share(), sy = y.handle.share();
  return record(op, y, [x], [sx, sy], (g) => [wrap(k.unaryBackward(g.handle, sx, sy, op, lo, hi))]);
}

/** -x. */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', x);
}

/** |x| (gradient 0 at 0). */
export function abs(x: Tensor): Tensor {
  return unaryOp('abs', x);
}

/** e^x. */
export function exp(x: Tensor): Tensor {
  return unaryOp('exp', x);
}

/** The natural logarithm (NaN below 0, -Infinity at 0). */
export function log(x: Tensor): Tensor {
  return unaryOp('log', x);
}

/** The square root (NaN below 0). */
export function sqrt(x: Tensor): Tensor {
  return unaryOp('sqrt', x);
}

/** 1 / sqrt(x). */
export function rsqrt(x: Tensor): Tensor {
  return unaryOp('rsqrt', x);
}

/** The hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return unaryOp('tanh', x);
}

/** x * Phi(x), Phi the standard normal distribution function (PyTorch's exact gelu). */
export function gelu(x: Tensor): Tensor {
  return unaryOp('gelu', x);
}

/**
 * x limited to [min, max]; either bound may be omitted (undefined or null). Number bounds run in
 * one pass (gradient 1 where min <= x <= max); tensor bounds broadcast, as maximum(minimum(...)).
 * A fractional bound on an integer tensor computes in float32.
 */
export function clamp(x: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
  operand('clamp', 'x', x);
  const lo = min ?? undefined, hi = max ?? undefined;
  if (lo === undefined && hi === undefined) fail('clamp', 'min or max', 'a number or a Tensor', min);
  if (lo instanceof Tensor || hi instanceof Tensor) {
    for (const [name, v] of [['min', lo], ['max', hi]] as const) {
      if (v instanceof Tensor) operand('clamp', name, v);
      else if (v !== undefined) checkNumber('clamp', name, v);
    }
    broadcastShapes('clamp', [x.shape, ...[lo, hi].flatMap((v) => (v instanceof Tensor ? [v.shape] : []))]);
    const low = lo === undefined ? x : maximum(x, lo);
    return hi === undefined ? low : minimum(low, hi);
  }
  const l = lo === undefined ? -Infinity : checkNumber('clamp', 'min', lo);
  const h = hi === undefined ? Infinity : checkNumber('clamp', 'max', hi);
  if (l > h) throw new Error(`clamp: min ${l} is above max ${h}`);
  let dtype = x.dtype;
  if (!isFloatDType(dtype)) for (const v of [l, h]) if (Number.isFinite(v)) dtype = promoteWithScalar(dtype, v) === 'float32' ? 'float32' : dtype;
  if (dtype !== x.dtype) return unaryOp('clamp', wrap(native.cast(x.handle, dtype)), l, h);
  return unaryOp('clamp', x, l, h);
}
