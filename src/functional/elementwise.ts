// What the elementwise ops share: operands that may be JavaScript numbers, brought to one dtype by
// the promotion rules (src/dtypes.ts), and gradients summed back down to a broadcast operand's shape.
import { fail } from '../check';
import { DType, NativeOps, NativeTensor, native } from '../native';
import { Tensor, wrap } from '../tensor';
import { promoteTypes, promoteWithScalar } from '../dtypes';
import { operand } from './operand';

/** A tensor, or a JavaScript number standing for a 0-d tensor. */
export type Operand = Tensor | number;

/** Operands as native handles of one dtype; `temps` are the handles made here, to dispose after the op. */
export interface Promoted {
  handles: NativeTensor[];
  dtype: DType;
  temps: NativeTensor[];
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number';
}

/**
 * Checks each operand (a live Tensor or a number; at least one Tensor) and brings them to their
 * common dtype: tensors promote among themselves, then numbers join (a number never raises a float
 * tensor's dtype). `minDtype` raises the result further (div of integers computes in float32).
 */
export function promote(op: string, names: readonly string[], values: readonly unknown[], minDtype?: DType): Promoted {
  const tensors: Tensor[] = [];
  values.forEach((v, i) => {
    if (isNumber(v)) return;
    operand(op, names[i], v);
    tensors.push(v as Tensor);
  });
  if (tensors.length === 0) fail(op, names.join(' or '), 'a Tensor', values[0]);
  let dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  for (const v of values) if (isNumber(v)) dtype = promoteTypes(dtype, promoteWithScalar(dtype, v));
  if (minDtype !== undefined) dtype = promoteTypes(dtype, minDtype);
  const device = tensors[0].device;
  const temps: NativeTensor[] = [];
  const handles = values.map((v) => {
    if (isNumber(v)) {
      const h = native.fromArray(new Float64Array([v]), [], dtype, device);  // Infinity and NaN too
      temps.push(h);
      return h;
    }
    const t = v as Tensor;
    if (t.dtype === dtype) return t.handle;
    const h = native.cast(t.handle, dtype);
    temps.push(h);
    return h;
  });
  return { handles, dtype, temps };
}

/** Runs `fn` on the promoted handles and releases the temporaries. */
export function withPromoted<T>(p: Promoted, fn: (hs: NativeTensor[]) => T): T {
  try {
    return fn(p.handles);
  } finally {
    for (const h of p.temps) h.dispose();
  }
}

/**
 * g (of the broadcast shape) summed over the dims along which an operand of `shape` was broadcast,
 * as a tensor of `shape` and `dtype` (the operand's own, when it was promoted). Always a new
 * storage, so that two inputs never share one gradient.
 */
export function reduceTo(k: NativeOps, g: NativeTensor, shape: readonly number[], dtype: DType): Tensor {
  const out = g.shape;
  const lead = out.length - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < out.length; ++d) {
    if (d < lead || (shape[d - lead] === 1 && out[d] !== 1)) dims.push(d);
  }
  let h = dims.length === 0 ? native.clone(g) : k.sumForward(g, dims, false);
  if (h.shape.join(',') !== shape.join(',')) {
    const r = native.reshape(h, shape.slice());
    h.dispose();
    h = r;
  }
  if (h.dtype !== dtype) {
    const c = native.cast(h, dtype);
    h.dispose();
    h = c;
  }
  return wrap(h);
}

/** The broadcast shape of `shapes` (NumPy's rules), or an Error naming `op` and the shapes. */
export function broadcastShapes(op: string, shapes: readonly (readonly number[])[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let d = 0; d < s.length; ++d) {
      const o = ndim - s.length + d;
      if (s[d] === out[o] || s[d] === 1) continue;
      if (out[o] !== 1) throw new Error(`${op}: shapes ${shapes.map((x) => `[${x.join(',')}]`).join(' and ')} cannot be broadcast`);
      out[o] = s[d];
    }
  }
  return out;
}
