// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
// length, a JSON header { name: { dtype, shape, data_offsets }, __metadata__: { key: string } },
// then the raw little-endian data. Tensor names follow PyTorch's state dicts, so checkpoints load
// in PyTorch as they are.
import * as fs from 'fs';
import { Tensor } from '../tensor';
import { tensor } from '../creation';
import { DType } from '../native';
import { writeFileAtomic } from './atomic';

const toFormat: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32' };
const fromFormat: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32' };
const bytesOf: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Writes tensors and string metadata atomically (temporary file, then rename). */
export function saveSafetensors(file: string, tensors: ReadonlyMap<string, Tensor>, metadata: Record<string, string> = {}): void {
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const blobs: Uint8Array[] = [];
  let offset = 0;
  // Sorted names: the same state gives the same bytes.
  for (const name of [...tensors.keys()].sort()) {
    if (name === '__metadata__') throw new Error('saveSafetensors: "__metadata__" cannot name a tensor');
    const t = tensors.get(name)!;
    const data = t.toArray();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    header[name] = { dtype: toFormat[t.dtype], shape: t.shape.slice(), data_offsets: [offset, offset + bytes.length] };
    blobs.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(head.length));
  writeFileAtomic(file, [len, head, ...blobs]);
}

export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

function corrupt(file: string, why: string): Error {
  return new Error(`${file}: not a valid safetensors file: ${why}`);
}

/** Reads a whole safetensors file into CPU tensors; any inconsistency is an Error naming the file. */
export function loadSafetensors(file: string): SafetensorsFile {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const buf = fs.readFileSync(file);
  if (buf.length < 8) throw corrupt(file, `only ${buf.length} bytes`);
  const headerLen = Number(buf.readBigUInt64LE(0));
  if (headerLen > buf.length - 8 || headerLen > 100 * 1024 * 1024) throw corrupt(file, `header length ${headerLen} exceeds the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + headerLen).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw corrupt(file, `header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw corrupt(file, 'header is not an object');
  const dataStart = 8 + headerLen;
  const dataLen = buf.length - dataStart;
  const tensors = new Map<string, Tensor>();
  let metadata: Record<string, string> = {};
  try {
    for (const [name, value] of Object.entries(header)) {
      if (name === '__metadata__') {
        metadata = value as Record<string, string>;
        continue;
      }
      const e = value as HeaderEntry;
      const dtype = fromFormat[e?.dtype];
      if (!dtype) throw corrupt(file, `tensor ${name}: unsupported dtype ${String(e?.dtype)}`);
      if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw corrupt(file, `tensor ${name}: bad shape`);
      const [begin, end] = e.data_offsets ?? [];
      const n = e.shape.reduce((a, b) => a * b, 1);
      if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end > dataLen || end - begin !== n * bytesOf[dtype]) {
        throw corrupt(file, `tensor ${name}: data offsets [${begin}, ${end}] do not fit shape [${e.shape.join(',')}] ${dtype} in ${dataLen} data bytes`);
      }
      const raw = buf.subarray(dataStart + begin, dataStart + end);
      const copy = new Uint8Array(raw); // aligned copy
      const data = dtype === 'float32' ? new Float32Array(copy.buffer) : dtype === 'float64' ? new Float64Array(copy.buffer) : new Int32Array(copy.buffer);
      tensors.set(name, tensor(data, e.shape, { dtype }).keep());
    }
  } catch (e) {
    for (const t of tensors.values()) t.dispose();
    throw e;
  }
  return { tensors, metadata };
}
