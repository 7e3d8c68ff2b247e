import { show } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { operand } from './operand';
import { checkDim } from './dims';

function bound(op: string, arg: string, v: unknown, size: number, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`${op}: ${arg} must be an integer or null, got ${show(v)}`);
  const i = v < 0 ? v + size : v;
  return Math.min(Math.max(i, 0), size);
}

/** start, end and step of a range of a dim of `size` elements, Python's rules (negative from the end, clamped). */
export function resolveRange(op: string, size: number, start?: number | null, end?: number | null, step?: number | null): [number, number, number] {
  const s = step ?? 1;
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1) throw new Error(`${op}: step must be an integer >= 1, got ${show(step)}`);
  const a = bound(op, 'start', start, size, 0);
  const b = bound(op, 'end', end, size, size);
  return [a, Math.max(a, b), s];
}

/**
 * Elements start, start + step, ... before end along `dim`: PyTorch's x[..., start:end:step].
 * Negative start and end count from the end and both are clamped to the dim; null means the whole
 * dim. A copy (tensors stay contiguous); any dtype.
 */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step?: number | null): Tensor {
  const xh = operand('slice', 'x', x);
  const d = checkDim('slice', 'dim', dim, x);
  const [a, b, s] = resolveRange('slice', x.shape[d], start, end, step);
  const k = kernels();
  const y = wrap(k.sliceForward(xh, d, a, b, s));
  if (!needsGrad([x])) return y;
  const from = x.shape.slice();
  return record('slice', y, [x], [], (g) => [wrap(k.sliceBackward(g.handle, from, d, a, b, s))]);
}
