// Making tensors: from data, constants, and the seedable random generator.
import { native, DType, Device, FloatDType } from './native';
import { Tensor } from './tensor';
import { requireDevice } from './backends';

export interface TensorOptions {
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}

export interface FloatTensorOptions {
  dtype?: FloatDType;
  device?: Device;
  requiresGrad?: boolean;
}

type Nested = number | readonly Nested[];
export type TensorData = readonly Nested[] | Float32Array | Float64Array | Int32Array | Uint8Array | number;

function inferShape(data: Nested): number[] {
  const shape: number[] = [];
  let cur: Nested = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

function flattenInto(data: Nested, shape: number[], depth: number, out: number[]): void {
  if (depth === shape.length) {
    if (typeof data !== 'number') throw new Error(`tensor: expected a number at depth ${depth}, got ${typeof data}`);
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new Error(`tensor: ragged nested array: expected length ${shape[depth]} at depth ${depth}`);
  }
  for (const v of data) flattenInto(v, shape, depth + 1, out);
}

function finish(t: Tensor, opts: { requiresGrad?: boolean }): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

function checkShape(op: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${op}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return shape.slice();
}

/**
 * A tensor from data: a typed array or number array (with `shape`), a nested array (shape
 * inferred when omitted), or a single number (a 0-d tensor unless `shape` says otherwise).
 */
export function tensor(data: TensorData, shape?: readonly number[], opts: TensorOptions = {}): Tensor {
  const device = opts.device ?? 'cpu';
  requireDevice(device);
  let flat: Float32Array | Float64Array | Int32Array | Uint8Array;
  let inferred: number[];
  if (typeof data === 'number') {
    flat = new Float64Array([data]);
    inferred = [];
  } else if (ArrayBuffer.isView(data)) {
    flat = data;
    inferred = [data.length];
  } else if (Array.isArray(data)) {
    inferred = inferShape(data as Nested);
    const values: number[] = [];
    if (shape && inferred.length === 1) {
      values.push(...(data as number[]));
      if (!values.every((v) => typeof v === 'number')) throw new Error('tensor: data must hold numbers');
    } else {
      flattenInto(data as Nested, inferred, 0, values);
    }
    flat = new Float64Array(values);
  } else {
    throw new Error(`tensor: data must be an array, a typed array or a number, got ${typeof data}`);
  }
  const dtype: DType = opts.dtype ?? (flat instanceof Float64Array && ArrayBuffer.isView(data) ? 'float64'
    : flat instanceof Int32Array ? 'int32' : 'float32');
  const finalShape = checkShape('tensor', shape ?? inferred);
  return finish(new Tensor(native.fromArray(flat, finalShape, dtype, device)), opts);
}

export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  const device = opts.device ?? 'cpu';
  requireDevice(device);
  return finish(new Tensor(native.full(checkShape('full', shape), value, opts.dtype ?? 'float32', device)), opts);
}

export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 0, opts);
}

export function ones(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 1, opts);
}

export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, device: t.device, ...opts });
}

export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, device: t.device, ...opts });
}

/** Uniform in [low, high) (default [0, 1)) from the global generator (see manualSeed). */
export function rand(shape: readonly number[], opts: FloatTensorOptions & { low?: number; high?: number } = {}): Tensor {
  const device = opts.device ?? 'cpu';
  requireDevice(device);
  const h = native.randUniform(checkShape('rand', shape), opts.low ?? 0, opts.high ?? 1, opts.dtype ?? 'float32', device);
  return finish(new Tensor(h), opts);
}

/** Normal with mean 0 and standard deviation 1 (or as given) from the global generator. */
export function randn(shape: readonly number[], opts: FloatTensorOptions & { mean?: number; std?: number } = {}): Tensor {
  const device = opts.device ?? 'cpu';
  requireDevice(device);
  const h = native.randNormal(checkShape('randn', shape), opts.mean ?? 0, opts.std ?? 1, opts.dtype ?? 'float32', device);
  return finish(new Tensor(h), opts);
}

/** Seeds the generator behind rand, randn, dropout and weight initialisation. */
export function manualSeed(seed: number): void {
  native.manualSeed(seed);
}

export interface RngState {
  seed: number;
  offset: number;
}

export function getRngState(): RngState {
  const [seed, offset] = native.getRngState();
  return { seed, offset };
}

export function setRngState(s: RngState): void {
  native.setRngState(s.seed, s.offset);
}
