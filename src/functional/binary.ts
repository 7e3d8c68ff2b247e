// The binary elementwise ops with NumPy broadcasting and type promotion (docs/tensors.md), on the
// native binary family (binaryForward). Gradients are composed from the same forward kernels and
// summed down to each operand's shape; integer and bool operands get none.
import { BinaryOpName, kernels, NativeOps, NativeTensor, native } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { isFloatDType } from '../dtypes';
import { Operand, promote, reduceTo, withPromoted } from './elementwise';

type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';

/** The gradients of (a, b) at the broadcast shape, from g, the promoted operands and y. */
type BinaryGrad = (k: NativeOps, g: NativeTensor, a: NativeTensor, b: NativeTensor, y: NativeTensor) => [NativeTensor, NativeTensor];

// The handle-level helpers the gradients are written with (no autograd recording).
const bin = (k: NativeOps, op: BinaryOpName, a: NativeTensor, b: NativeTensor) => k.binaryForward(a, b, op);
function scalarLike(v: number, like: NativeTensor): NativeTensor {
  return native.full([], v, like.dtype, like.device);
}
/** Runs fn on fresh handles and disposes them after. */
function using<T>(hs: NativeTensor[], fn: () => T): T {
  try {
    return fn();
  } finally {
    for (const h of hs) h.dispose();
  }
}
function masked(k: NativeOps, mask: NativeTensor, g: NativeTensor): [NativeTensor, NativeTensor] {
  const zero = scalarLike(0, g);
  return using([zero, mask], () => [k.whereForward(mask, g, zero), k.whereForward(mask, zero, g)]);
}

const GRADS: Record<ArithmeticOp, BinaryGrad> = {
  add: (_k, g) => [g.share(), g.share()],
  sub: (k, g) => [g.share(), k.unaryForward(g, 'neg', -Infinity, Infinity)],
  mul: (k, g, a, b) => [bin(k, 'mul', g, b), bin(k, 'mul', g, a)],
  div: (k, g, _a, b, y) => {
    const gy = bin(k, 'mul', g, y);
    const q = using([gy], () => bin(k, 'div', gy, b));
    return [bin(k, 'div', g, b), using([q], () => k.unaryForward(q, 'neg', -Infinity, Infinity))];
  },
  // d/da a^b = b a^(b-1); d/db a^b = a^b log a (NaN for a < 0, as the value's own derivative is).
  pow: (k, g, a, b, y) => {
    const one = scalarLike(1, b);
    const bm1 = using([one], () => bin(k, 'sub', b, one));
    const p = using([bm1], () => bin(k, 'pow', a, bm1));
    const bp = using([p], () => bin(k, 'mul', b, p));
    const da = using([bp], () => bin(k, 'mul', g, bp));
    const la = k.unaryForward(a, 'log', -Infinity, Infinity);
    const yl = using([la], () => bin(k, 'mul', y, la));
    return [da, using([yl], () => bin(k, 'mul', g, yl))];
  },
  // The whole gradient goes to a where a >= b (a <= b for minimum), else to b.
  maximum: (k, g, a, b) => masked(k, bin(k, 'ge', a, b), g),
  minimum: (k, g, a, b) => masked(k, bin(k, 'le', a, b), g),
};

/** op(a, b) with broadcasting; `minDtype` raises the computing dtype (div: float32 at least). */
export function binaryOp(op: BinaryOpName, a: Operand, b: Operand): Tensor {
  const k = kernels();
  const p = promote(op, ['a', 'b'], [a, b], op === 'div' || op === 'pow' ? 'float32' : undefined);
  const inputs = [a, b].map((v) => (v instanceof Tensor ? v : null));
  const grad = op in GRADS && isFloatDType(p.dtype) && needsGrad(inputs);
  const [y, saved] = withPromoted(p, ([ha, hb]) => {
    const out = wrap(k.binaryForward(ha, hb, op));
    return [out, grad ? [ha.share(), hb.share(), out.handle.share()] : []] as const;
  });
  if (!grad) return y;
  const [sa, sb, sy] = saved;
  const shapes = inputs.map((t) => (t ? t.shape.slice() : []));
  const dtypes = inputs.map((t) => (t ? t.dtype : p.dtype));
  return record(op, y, inputs, saved, (g, needs) => {
    const [ga, gb] = GRADS[op as ArithmeticOp](k, g.handle, sa, sb, sy);
    return using([ga, gb], () => [
      needs[0] ? reduceTo(k, ga, shapes[0], dtypes[0]) : null,
      needs[1] ? reduceTo(k, gb, shapes[1], dtypes[1]) : null,
    ]);
  });
}

/** One public function of the binary family: op(a, b) with broadcasting; numbers stand for 0-d tensors. */
export type BinaryFunction = (a: Operand, b: Operand) => Tensor;

/** The public function of `op`, which is also its public name (in errors and stack traces). */
export function binaryFunction(op: BinaryOpName): BinaryFunction {
  const fn = (a: Operand, b: Operand): Tensor => binaryOp(op, a, b);
  return Object.defineProperty(fn, 'name', { value: op });
}

/** a - b, with broadcasting; numbers stand for 0-d tensors. */
export const sub = binaryFunction('sub');
/** a / b, true division: integer operands compute in float32. */
export const div = binaryFunction('div');
/** a ** b, elementwise; integer operands compute in float32. */
export const pow = binaryFunction('pow');
/** The larger of a and b at each position (NaN if either is NaN). */
export const maximum = binaryFunction('maximum');
/** The smaller of a and b at each position (NaN if either is NaN). */
export const minimum = binaryFunction('minimum');
