// The user's tensor: a native handle plus what autograd needs (requiresGrad, grad, gradFn).
import { native, NativeTensor, DType, Device, Layout, TypedArray } from './native';
import { checkInt, checkOneOf, checkBool, checkOptions, fail } from './check';
import { BackwardOptions, GradNode, runBackward, setTensorFactory, record } from './autograd';
import { keep as keepInScope, setTensorCheck, trackTensor } from './scope';
import { DTYPES, isFloatDType } from './dtypes';

export class Tensor {
  private _handle: NativeTensor | null;
  /** Cached at construction: reading them never crosses into native code. */
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly device: Device;
  requiresGrad: boolean;
  /** Accumulated gradient of a leaf tensor that requires grad (after backward). */
  grad: Tensor | null = null;
  /** The op that made this tensor, when it was made with gradient recording on. */
  gradFn: GradNode | null = null;

  constructor(handle: NativeTensor, requiresGrad = false) {
    this._handle = handle;
    this.shape = Object.freeze(handle.shape);
    this.dtype = handle.dtype;
    this.device = handle.device;
    this.requiresGrad = requiresGrad;
    trackTensor(this);
  }

  /** The native handle; throws once the tensor is disposed. */
  get handle(): NativeTensor {
    if (this._handle === null) {
      throw new Error(`tensor [${this.shape.join(',')}] ${this.dtype} ${this.device} is disposed`);
    }
    return this._handle;
  }

  get isDisposed(): boolean {
    return this._handle === null;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }

  get layout(): Layout {
    return this.handle.layout;
  }

  /**
   * A copy of the elements, flat, in row-major (NCHW) order: float32, float64 and int32 in their
   * own arrays, bool as a Uint8Array of 0 and 1, int64 as a Float64Array when every value is exact
   * as a number (|v| <= 2^53; an Error otherwise: toBigInt64Array() reads any int64 tensor).
   */
  toArray(): TypedArray {
    return native.toArray(this.handle);
  }

  /** The elements of an int64 tensor, exactly, flat, in row-major order. */
  toBigInt64Array(): BigInt64Array {
    return native.toBigInt64Array(this.handle);
  }

  /** The value of a one-element tensor (an int64 one as a number, exact up to 2^53). */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor has ${this.size} elements, not 1 (shape [${this.shape.join(',')}])`);
    return this.toArray()[0];
  }

  /** Same elements, new shape (one dimension may be -1); shares storage; differentiable. */
  reshape(shape: readonly number[]): Tensor {
    if (!Array.isArray(shape) || shape.length > 64 || !shape.every((d) => Number.isSafeInteger(d) && d >= -1)) {
      fail('reshape', 'shape', 'an array of integers >= 0 (one may be -1)', shape);
    }
    const target = resolveShape(shape, this.size, this.shape);
    const out = new Tensor(native.reshape(this.handle, target));
    const from = this.shape.slice();
    return record('reshape', out, [this], [], (g) => [wrap(native.reshape(g.handle, from))]);
  }

  /** [N, ...] -> [N, rest]. */
  flatten(startDim = 1): Tensor {
    checkInt('flatten', 'startDim', startDim, 0, this.ndim);
    if (startDim < 0 || startDim > this.ndim) throw new Error(`flatten: startDim ${startDim} out of range for [${this.shape.join(',')}]`);
    const head = this.shape.slice(0, startDim);
    return this.reshape([...head, -1]);
  }

  /** A copy on another device (differentiable). Returns this tensor when it is already there. */
  to(device: Device): Tensor {
    checkOneOf('Tensor.to', 'device', device, ['cpu', 'cuda']);
    if (device === this.device) return this;
    const out = new Tensor(native.toDevice(this.handle, device));
    const back = this.device;
    return record('to', out, [this], [], (g) => [wrap(native.toDevice(g.handle, back))]);
  }

  /** A copy in another memory layout (same logical NCHW shape). */
  toLayout(layout: Layout): Tensor {
    checkOneOf('toLayout', 'layout', layout, ['plain', 'channels_last', 'nChw16c', 'nChw8c']);
    if (layout === this.layout) return this;
    const out = new Tensor(native.toLayout(this.handle, layout));
    return record('toLayout', out, [this], [], (g) => [wrap(native.toLayout(g.handle, 'plain'))]);
  }

  /**
   * A copy with another dtype; not differentiable across dtypes. Into bool: x != 0; from a float
   * into an integer: truncation toward zero (values outside the integer's range are undefined).
   */
  cast(dtype: DType): Tensor {
    checkOneOf('cast', 'dtype', dtype, DTYPES);
    return new Tensor(native.cast(this.handle, dtype));
  }

  /** A new storage with the same contents, not recorded by autograd. */
  clone(): Tensor {
    return new Tensor(native.clone(this.handle));
  }

  /** The same storage, cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.handle.share());
  }

  /**
   * Makes this leaf hold `source`'s storage in place of its own, keeping this object, so whatever
   * holds it (a module, an optimizer) sees the new data: how Module.to and loadStateDict move and
   * load parameters. The shape must match; device and dtype may change. `source` is disposed.
   */
  set_(source: Tensor): this {
    if (!(source instanceof Tensor) || source.isDisposed) fail('set_', 'source', 'a live Tensor', source);
    if (this.gradFn) throw new Error('set_: only leaf tensors can take over another storage');
    if (source === this) return this;
    if (source.shape.join(',') !== this.shape.join(',')) {
      throw new Error(`set_: shape [${source.shape.join(',')}] does not match [${this.shape.join(',')}]`);
    }
    const handle = source.handle.share();
    source.dispose();
    this.handle.dispose();
    this._handle = handle;
    // dtype and device are cached for cheap reads; they change only here.
    const self = this as { dtype: DType; device: Device };
    self.dtype = handle.dtype;
    self.device = handle.device;
    return this;
  }

  /** Backpropagates from this tensor; leaf gradients accumulate into .grad. */
  backward(grad?: Tensor, opts?: BackwardOptions): void {
    if (grad !== undefined && grad !== null && !(grad instanceof Tensor)) fail('backward', 'grad', 'a Tensor or undefined', grad);
    if (grad instanceof Tensor && grad.isDisposed) fail('backward', 'grad', 'a live Tensor', `a disposed tensor [${grad.shape.join(',')}]`);
    const o = checkOptions<BackwardOptions>('backward', 'options', opts, ['retainGraph']);
    if (o.retainGraph !== undefined) checkBool('backward', 'options.retainGraph', o.retainGraph);
    runBackward(this, grad, opts);
  }

  /** Marks this tensor as a leaf that wants a gradient. */
  requiresGrad_(flag = true): this {
    checkBool('requiresGrad_', 'flag', flag);
    if (this.gradFn) throw new Error('requiresGrad_: only leaf tensors can be marked');
    if (flag && !isFloatDType(this.dtype)) throw new Error(`requiresGrad_: ${this.dtype} tensors have no gradient`);
    this.requiresGrad = flag;
    return this;
  }

  /** Keeps this tensor alive past the enclosing tidy() scopes. */
  keep(): this {
    keepInScope(this);
    return this;
  }

  /**
   * Frees the storage now (if no other tensor shares it), and the gradient it accumulated (a leaf
   * made inside tidy() takes its .grad with it). Safe to call twice.
   */
  dispose(): void {
    if (this._handle === null) return;
    this._handle.dispose();
    this._handle = null;
    if (this.grad) {
      this.grad.dispose();
      this.grad = null;
    }
    if (this.gradFn) {
      this.gradFn.unref();
      this.gradFn = null;
    }
  }

  toString(): string {
    return this._handle ? `Tensor(${this._handle.describe()})` : `Tensor(disposed)`;
  }
}

/** Wraps a fresh native handle in a Tensor (no gradient). */
export function wrap(handle: NativeTensor): Tensor {
  return new Tensor(handle);
}

function resolveShape(shape: readonly number[], size: number, from: readonly number[]): number[] {
  const out = shape.slice();
  const free = out.indexOf(-1);
  if (free !== out.lastIndexOf(-1)) throw new Error(`reshape: only one dimension may be -1, got [${shape.join(',')}]`);
  if (free >= 0) {
    const rest = out.reduce((a, d, i) => (i === free ? a : a * d), 1);
    if (rest === 0 || size % rest !== 0) {
      throw new Error(`reshape: cannot view [${from.join(',')}] as [${shape.join(',')}]`);
    }
    out[free] = size / rest;
  }
  return out;
}

export function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

setTensorFactory(wrap);
setTensorCheck(isTensor);

// The shape, indexing and linear algebra methods, defined on the class above.
import './tensor_shape_methods';
// The elementwise and reduction methods (add, sum, ...), defined on the prototype there.
import './tensor_methods';
