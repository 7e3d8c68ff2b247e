// Making tensors: from data, constants, and the seedable random generator.
import { native, DType, Device, FloatDType } from './native';
import { Tensor } from './tensor';
import { DTYPES, FLOAT_DTYPES, isFloatDType } from './dtypes';
import { requireDevice } from './backends';
import { checkOptions, checkShape, checkNumber, checkOneOf, checkBool, checkInt, fail } from './check';

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
export type TensorData = readonly Nested[] | Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | number;

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

const DEVICES = ['cpu', 'cuda'] as const;

/** The options of a creation function, checked: dtype, device, requiresGrad (and `extra` numbers). */
function options(fn: string, v: unknown, floatOnly: boolean, extra: readonly string[] = []): TensorOptions & Record<string, unknown> {
  const o = checkOptions<TensorOptions & Record<string, unknown>>(fn, 'options', v, ['dtype', 'device', 'requiresGrad', ...extra]);
  if (o.dtype !== undefined) checkOneOf(fn, 'options.dtype', o.dtype, floatOnly ? FLOAT_DTYPES : DTYPES);
  if (o.device !== undefined) checkOneOf(fn, 'options.device', o.device, DEVICES);
  if (o.requiresGrad !== undefined) checkBool(fn, 'options.requiresGrad', o.requiresGrad);
  if (o.requiresGrad && o.dtype !== undefined && !isFloatDType(o.dtype)) fail(fn, 'options.requiresGrad', `false (${o.dtype} tensors have no gradient)`, true);
  for (const k of extra) if (o[k] !== undefined) checkNumber(fn, `options.${k}`, o[k]);
  return o as TensorOptions & Record<string, unknown>;
}

function likeTensor(fn: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) fail(fn, 't', 'a Tensor', t);
  if ((t as Tensor).isDisposed) fail(fn, 't', 'a live tensor', `a disposed tensor [${(t as Tensor).shape.join(',')}]`);
  return t as Tensor;
}

/**
 * A tensor from data: a typed array or number array (with `shape`), a nested array (shape
 * inferred when omitted), or a single number (a 0-d tensor unless `shape` says otherwise).
 */
export function tensor(data: TensorData, shape?: readonly number[], opts: TensorOptions = {}): Tensor {
  opts = options('tensor', opts, false);
  if (shape !== undefined) checkShape('tensor', 'shape', shape);
  const device = opts.device ?? 'cpu';
  requireDevice(device);
  let flat: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
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
    : flat instanceof Int32Array ? 'int32' : flat instanceof BigInt64Array ? 'int64' : 'float32');
  const finalShape = checkShape('tensor', 'shape', shape ?? inferred);
  const count = finalShape.reduce((x, d) => x * d, 1);
  if (count !== flat.length) throw new Error(`tensor: data has ${flat.length} elements but shape [${finalShape.join(',')}] needs ${count}`);
  return finish(new Tensor(native.fromArray(flat, finalShape, dtype, device)), opts);
}

function fill(fn: string, shape: readonly number[], value: number, opts: TensorOptions): Tensor {
  const s = checkShape(fn, 'shape', shape);
  if (typeof value !== 'number') fail(fn, 'value', 'a number', value);
  opts = options(fn, opts, false);
  const device = opts.device ?? 'cpu';
  requireDevice(device);
  return finish(new Tensor(native.full(s, value, opts.dtype ?? 'float32', device)), opts);
}

export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  return fill('full', shape, value, opts);
}

export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return fill('zeros', shape, 0, opts);
}

export function ones(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return fill('ones', shape, 1, opts);
}

export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  const like = likeTensor('zerosLike', t);
  return fill('zerosLike', like.shape, 0, { dtype: like.dtype, device: like.device, ...options('zerosLike', opts, false) });
}

export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  const like = likeTensor('onesLike', t);
  return fill('onesLike', like.shape, 1, { dtype: like.dtype, device: like.device, ...options('onesLike', opts, false) });
}

/** Uniform in [low, high) (default [0, 1)) from the global generator (see manualSeed). */
export function rand(shape: readonly number[], opts: FloatTensorOptions & { low?: number; high?: number } = {}): Tensor {
  opts = options('rand', opts, true, ['low', 'high']) as typeof opts;
  const device = opts.device ?? 'cpu';
  requireDevice(device);
  const h = native.randUniform(checkShape('rand', 'shape', shape), opts.low ?? 0, opts.high ?? 1, opts.dtype ?? 'float32', device);
  return finish(new Tensor(h), opts);
}

/** Normal with mean 0 and standard deviation 1 (or as given) from the global generator. */
export function randn(shape: readonly number[], opts: FloatTensorOptions & { mean?: number; std?: number } = {}): Tensor {
  opts = options('randn', opts, true, ['mean', 'std']) as typeof opts;
  if (opts.std !== undefined) checkNumber('randn', 'options.std', opts.std, { min: 0 });
  const device = opts.device ?? 'cpu';
  requireDevice(device);
  const h = native.randNormal(checkShape('randn', 'shape', shape), opts.mean ?? 0, opts.std ?? 1, opts.dtype ?? 'float32', device);
  return finish(new Tensor(h), opts);
}

/** Seeds the generator behind rand, randn, dropout and weight initialisation. */
export function manualSeed(seed: number): void {
  checkInt('manualSeed', 'seed', seed, 0);
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
  const o = checkOptions<RngState>('setRngState', 'state', s ?? null, ['seed', 'offset']);
  checkInt('setRngState', 'state.seed', o.seed, 0);
  checkInt('setRngState', 'state.offset', o.offset, 0);
  native.setRngState(s.seed, s.offset);
}
