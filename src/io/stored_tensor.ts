// A tensor as a file stores it: a safetensors dtype, a shape and little-endian bytes. Files from
// PyTorch hold dtypes mssar's tensors do not have (F16, BF16, I16, I8, U8), so a file is
// read into StoredTensors, which keep the values exactly, and each one becomes a Tensor only when
// it is loaded into a model or asked for, under the conversion rules of `toTensor`.
import { show } from '../check';
import { tensor } from '../creation';
import type { DType } from '../native';
import { DTYPES, isFloatDType } from '../dtypes';
import type { Tensor } from '../tensor';

/** The dtypes of the safetensors format that mssar reads and writes. */
export type StoredDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export const STORED_DTYPES: readonly StoredDType[] = ['F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL'];

/** Bytes per element of each stored dtype. */
export const STORED_BYTES: Readonly<Record<StoredDType, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1,
};

/** The stored dtype each tensor dtype is written as by default. */
const NATURAL: Readonly<Record<DType, StoredDType>> = { float64: 'F64', float32: 'F32', int32: 'I32', int64: 'I64', bool: 'BOOL' };

const FLOAT_KINDS: ReadonlySet<StoredDType> = new Set(['F64', 'F32', 'F16', 'BF16']);

/** The values of a stored tensor as JavaScript sees them (F16 and BF16 widened to float32, BOOL as 0/1). */
export type StoredValues = Float64Array | Float32Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

export function isStoredDType(v: unknown): v is StoredDType {
  return typeof v === 'string' && (STORED_DTYPES as readonly string[]).includes(v);
}

// IEEE half <-> single, bit by bit (round to nearest, ties to even, on the way down).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function floatToHalf(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const frac = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (frac ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00; // overflow to infinity
  if (e <= 0) {
    // Subnormal half (or zero): shift the full mantissa into place, rounding to nearest even.
    if (e < -10) return sign;
    const m = frac | 0x800000;
    const shift = 14 - e;
    let h = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rest > half || (rest === half && (h & 1))) h += 1;
    return sign | h;
  }
  let h = sign | (e << 10) | (frac >>> 13);
  const rest = frac & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h += 1; // may carry into the exponent: correct
  return h;
}

function bf16ToFloat(b: number): number {
  u32[0] = b << 16;
  return f32[0];
}

function floatToBf16(v: number): number {
  f32[0] = v;
  const x = u32[0];
  if (Number.isNaN(f32[0])) return (x >>> 16) | 0x40;
  return (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}

function aligned(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export class StoredTensor {
  readonly shape: readonly number[];

  /** `bytes` holds the elements little-endian, row-major; its length must fit the shape. */
  constructor(readonly dtype: StoredDType, shape: readonly number[], readonly bytes: Uint8Array) {
    if (!isStoredDType(dtype)) throw new Error(`StoredTensor: unknown dtype ${show(dtype)} (one of ${STORED_DTYPES.join(', ')})`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new Error(`StoredTensor: shape must be a list of non-negative integers, got ${show(shape)}`);
    }
    this.shape = shape.slice();
    const n = this.shape.reduce((a, b) => a * b, 1);
    if (!(bytes instanceof Uint8Array) || bytes.length !== n * STORED_BYTES[dtype]) {
      throw new Error(`StoredTensor: ${dtype} [${this.shape.join(',')}] needs ${n * STORED_BYTES[dtype]} bytes, got ${bytes?.length}`);
    }
  }

  get numel(): number {
    return this.bytes.length / STORED_BYTES[this.dtype];
  }

  get isFloat(): boolean {
    return FLOAT_KINDS.has(this.dtype);
  }

  /** The values: F64/F32 as stored, F16/BF16 widened (exactly) to float32, integers as stored, BOOL as 0/1. */
  values(): StoredValues {
    const buf = aligned(this.bytes);
    switch (this.dtype) {
      case 'F64': return new Float64Array(buf);
      case 'F32': return new Float32Array(buf);
      case 'I64': return new BigInt64Array(buf);
      case 'I32': return new Int32Array(buf);
      case 'I16': return new Int16Array(buf);
      case 'I8': return new Int8Array(buf);
      case 'U8':
      case 'BOOL': return new Uint8Array(buf);
      case 'F16':
      case 'BF16': {
        const raw = new Uint16Array(buf);
        const decode = this.dtype === 'F16' ? halfToFloat : bf16ToFloat;
        const out = new Float32Array(raw.length);
        for (let i = 0; i < raw.length; ++i) out[i] = decode(raw[i]);
        return out;
      }
    }
  }

  /**
   * A CPU Tensor of `dtype` (default: float64 for F64, float32 for the other floats, int64 for
   * I64, bool for BOOL, int32 for the other integers). Conversions:
   * - exact: F32/F16/BF16 to float32, any float to float64, I64 and every narrower integer or BOOL
   *   to int64, I32/I16/I8/U8/BOOL to int32, and I64 to int32 when every value fits (an I64 value
   *   outside int32 is refused), BOOL to bool;
   * - standard: F64 to float32 rounds to nearest, as PyTorch's `.float()`;
   * - refused: an integer or BOOL tensor into a float one, a float tensor into an integer one, and
   *   anything but BOOL into bool.
   * `key` names the tensor in errors.
   */
  toTensor(dtype?: DType, key = 'tensor'): Tensor {
    const target: DType = dtype ?? (this.dtype === 'F64' ? 'float64' : this.isFloat ? 'float32'
      : this.dtype === 'I64' ? 'int64' : this.dtype === 'BOOL' ? 'bool' : 'int32');
    if (!(DTYPES as readonly string[]).includes(target)) {
      throw new Error(`StoredTensor.toTensor: '${key}': unknown dtype ${show(target)}`);
    }
    if (isFloatDType(target) !== this.isFloat || (target === 'bool' && this.dtype !== 'BOOL')) {
      throw new Error(`'${key}' is ${this.dtype} in the file and cannot be loaded into a ${target} tensor ` +
        `(${this.isFloat ? 'a float tensor does not become an integer one'
          : target === 'bool' ? 'only BOOL becomes a bool tensor' : 'an integer tensor does not become a float one'})`);
    }
    const v = this.values();
    let data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
    if (target === 'int64') {
      data = v instanceof BigInt64Array ? v : BigInt64Array.from(v as ArrayLike<number>, (x) => BigInt(x));
    } else if (v instanceof BigInt64Array) {
      data = new Int32Array(v.length);
      for (let i = 0; i < v.length; ++i) {
        const x = v[i];
        if (x < BigInt(INT32_MIN) || x > BigInt(INT32_MAX)) {
          throw new Error(`'${key}' holds the I64 value ${x} at element ${i}, outside the int32 range of the int32 tensor it is loaded into`);
        }
        data[i] = Number(x);
      }
    } else if (target === 'bool') {
      data = v as Uint8Array;
    } else if (target === 'int32') {
      data = v instanceof Int32Array ? v : Int32Array.from(v as ArrayLike<number>);
    } else if (target === 'float64') {
      data = v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>);
    } else {
      data = v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
    }
    return tensor(data, this.shape, { dtype: target });
  }

  /** Values given in JavaScript, stored as `dtype` (checked: integers in range, BOOL 0 or 1). */
  static fromValues(dtype: StoredDType, shape: readonly number[], values: ArrayLike<number> | ArrayLike<bigint>): StoredTensor {
    if (!isStoredDType(dtype)) throw new Error(`StoredTensor.fromValues: unknown dtype ${String(dtype)} (one of ${STORED_DTYPES.join(', ')})`);
    const n = values.length;
    const bytes = new Uint8Array(n * STORED_BYTES[dtype]);
    const view = new DataView(bytes.buffer);
    const ranges: Partial<Record<StoredDType, [number, number]>> = {
      I32: [INT32_MIN, INT32_MAX], I16: [-32768, 32767], I8: [-128, 127], U8: [0, 255], BOOL: [0, 1],
    };
    for (let i = 0; i < n; ++i) {
      const x = values[i];
      if (dtype === 'I64') {
        const b = typeof x === 'bigint' ? x : Number.isSafeInteger(x) ? BigInt(x) : null;
        if (b === null || b < -(2n ** 63n) || b >= 2n ** 63n) throw new Error(`StoredTensor.fromValues: element ${i} (${String(x)}) is not an I64 value`);
        view.setBigInt64(i * 8, b, true);
        continue;
      }
      const num = Number(x);
      const range = ranges[dtype];
      if (range && !(Number.isInteger(num) && num >= range[0] && num <= range[1])) {
        throw new Error(`StoredTensor.fromValues: element ${i} (${String(x)}) is not a ${dtype} value (integers ${range[0]} to ${range[1]})`);
      }
      switch (dtype) {
        case 'F64': view.setFloat64(i * 8, num, true); break;
        case 'F32': view.setFloat32(i * 4, num, true); break;
        case 'F16': view.setUint16(i * 2, floatToHalf(num), true); break;
        case 'BF16': view.setUint16(i * 2, floatToBf16(num), true); break;
        case 'I32': view.setInt32(i * 4, num, true); break;
        case 'I16': view.setInt16(i * 2, num, true); break;
        case 'I8': view.setInt8(i, num); break;
        default: view.setUint8(i, num); break;
      }
    }
    return new StoredTensor(dtype, shape, bytes);
  }

  /**
   * A tensor's values as `dtype` (default: F32, F64, I32, I64 or BOOL after the tensor's own
   * dtype). Writing a float tensor as F16 or BF16 rounds to nearest even; an integer or bool
   * tensor may be written as any integer dtype or BOOL when every value fits.
   */
  static fromTensor(t: Tensor, dtype?: StoredDType): StoredTensor {
    const natural: StoredDType = NATURAL[t.dtype];
    const target = dtype ?? natural;
    if (!isStoredDType(target)) throw new Error(`StoredTensor.fromTensor: unknown dtype ${String(target)} (one of ${STORED_DTYPES.join(', ')})`);
    if (FLOAT_KINDS.has(target) !== isFloatDType(t.dtype)) {
      throw new Error(`StoredTensor.fromTensor: a ${t.dtype} tensor cannot be stored as ${target}`);
    }
    const data = t.dtype === 'int64' ? t.toBigInt64Array() : t.toArray();
    if (target === natural) {
      return new StoredTensor(target, t.shape, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    return StoredTensor.fromValues(target, t.shape, data as ArrayLike<number> | ArrayLike<bigint>);
  }

}
