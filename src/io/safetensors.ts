// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
// length, a JSON header { name: { dtype, shape, data_offsets }, __metadata__: { key: string } },
// then the raw little-endian data. Tensor names follow PyTorch's state dicts, so files move between
// mssar and PyTorch (`safetensors.torch.save_file` / `load_file`) in both directions.
import * as fs from 'fs';
import { Tensor } from '../tensor';
import { refuseDirectory, writeFileAtomic } from './atomic';
import { isStoredDType, STORED_BYTES, STORED_DTYPES, StoredTensor } from './stored_tensor';

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Headers past this size are refused before they are parsed. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

function checkMetadata(fn: string, metadata: unknown): Record<string, string> {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new Error(`${fn}: metadata must be an object of strings`);
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new Error(`${fn}: metadata '${k}' must be a string, got ${typeof v}`);
  }
  return metadata as Record<string, string>;
}

/**
 * Writes tensors and string metadata atomically (temporary file, then rename). Values are Tensors
 * (stored as F32, F64 or I32 after their dtype) or StoredTensors (any safetensors dtype; see
 * `StoredTensor.fromTensor` to store a tensor as F16, BF16, I64, ...).
 */
export function saveSafetensors(file: string, tensors: ReadonlyMap<string, Tensor | StoredTensor>,
  metadata: Record<string, string> = {}): void {
  if (typeof file !== 'string' || file === '') throw new Error('saveSafetensors: file must be a non-empty path');
  if (!(tensors instanceof Map)) throw new Error('saveSafetensors: tensors must be a Map of names to tensors');
  checkMetadata('saveSafetensors', metadata);
  refuseDirectory('saveSafetensors', file);
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  const blobs: Uint8Array[] = [];
  let offset = 0;
  // Sorted names: the same state gives the same bytes.
  for (const name of [...tensors.keys()].sort()) {
    if (typeof name !== 'string' || name === '') throw new Error(`saveSafetensors: tensor names must be non-empty strings, got ${JSON.stringify(name)}`);
    if (name === '__metadata__') throw new Error('saveSafetensors: "__metadata__" cannot name a tensor');
    const value = tensors.get(name);
    let stored: StoredTensor;
    if (value instanceof StoredTensor) stored = value;
    else if (value instanceof Tensor) stored = StoredTensor.fromTensor(value);
    else throw new Error(`saveSafetensors: '${name}' is not a Tensor or StoredTensor`);
    header[name] = { dtype: stored.dtype, shape: stored.shape.slice(), data_offsets: [offset, offset + stored.bytes.length] };
    blobs.push(stored.bytes);
    offset += stored.bytes.length;
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
  /** Every tensor of the file with its stored dtype; `toTensor()` makes an mssar Tensor of one. */
  tensors: Map<string, StoredTensor>;
  metadata: Record<string, string>;
}

function corrupt(file: string, why: string): Error {
  return new Error(`${file}: not a valid safetensors file: ${why}`);
}

interface Placed {
  name: string;
  dtype: StoredTensor['dtype'];
  shape: number[];
  begin: number;
  end: number;
}

/** Checks the whole header (dtypes, shapes, offsets in bounds, contiguous, no overlaps or holes) before any data is read. */
function parseHeader(file: string, header: Record<string, unknown>, dataLen: number): { placed: Placed[]; metadata: Record<string, string> } {
  let metadata: Record<string, string> = {};
  const placed: Placed[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      try {
        metadata = checkMetadata('loadSafetensors', value);
      } catch (e) {
        throw corrupt(file, `__metadata__ must map strings to strings (${(e as Error).message.replace('loadSafetensors: ', '')})`);
      }
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(file, `tensor ${name}: entry is not an object`);
    const e = value as Partial<HeaderEntry>;
    if (!isStoredDType(e.dtype)) throw corrupt(file, `tensor ${name}: unsupported dtype ${JSON.stringify(e.dtype)} (one of ${STORED_DTYPES.join(', ')})`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw corrupt(file, `tensor ${name}: bad shape ${JSON.stringify(e.shape)}`);
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      throw corrupt(file, `tensor ${name}: data_offsets must be two non-negative integers, got ${JSON.stringify(offs)}`);
    }
    const [begin, end] = offs;
    let n = 1;
    for (const d of e.shape) n *= d;
    if (!Number.isSafeInteger(n * STORED_BYTES[e.dtype]) || end < begin || end > dataLen || end - begin !== n * STORED_BYTES[e.dtype]) {
      throw corrupt(file, `tensor ${name}: data offsets [${begin}, ${end}] do not fit shape [${e.shape.join(',')}] ${e.dtype} in ${dataLen} data bytes`);
    }
    placed.push({ name, dtype: e.dtype, shape: e.shape, begin, end });
  }
  // The data must be exactly the tensors, one after another: no overlap, no hole, nothing after.
  const order = [...placed].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const p of order) {
    if (p.begin < at) throw corrupt(file, `tensor ${p.name}: data [${p.begin}, ${p.end}] overlaps the tensor before it (which ends at ${at})`);
    if (p.begin > at) throw corrupt(file, `a hole in the data: bytes [${at}, ${p.begin}) belong to no tensor (before ${p.name})`);
    at = p.end;
  }
  if (at !== dataLen) throw corrupt(file, `${dataLen - at} bytes after the last tensor belong to no tensor`);
  return { placed, metadata };
}

function checkIsFile(file: string): void {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  if (!fs.statSync(file).isFile()) throw new Error(`loadSafetensors: ${file}: not a file`);
}

/** The JSON header of a file of `size` bytes, read through `read(position, length)`, checked to be an object. */
function readHeader(file: string, size: number, read: (pos: number, len: number) => Buffer): { header: Record<string, unknown>; headerLen: number } {
  if (size < 8) throw corrupt(file, `only ${size} bytes`);
  const headerLen = Number(read(0, 8).readBigUInt64LE(0));
  if (headerLen > size - 8 || headerLen > MAX_HEADER_BYTES) throw corrupt(file, `header length ${headerLen} exceeds the file`);
  let header: unknown;
  try {
    header = JSON.parse(read(8, headerLen).toString('utf8'));
  } catch (e) {
    throw corrupt(file, `header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw corrupt(file, 'header is not an object');
  return { header: header as Record<string, unknown>, headerLen };
}

/**
 * The `__metadata__` of a safetensors file (undefined when it has none), read from its header
 * alone: the tensors are neither read nor checked.
 */
export function readSafetensorsMetadata(file: string): Record<string, string> | undefined {
  if (typeof file !== 'string' || file === '') throw new Error('readSafetensorsMetadata: file must be a non-empty path');
  checkIsFile(file);
  const fd = fs.openSync(file, 'r');
  try {
    const read = (pos: number, len: number): Buffer => {
      const b = Buffer.alloc(len);
      if (fs.readSync(fd, b, 0, len, pos) !== len) throw corrupt(file, 'the file ends early');
      return b;
    };
    const { header } = readHeader(file, fs.fstatSync(fd).size, read);
    if (header.__metadata__ === undefined) return undefined;
    try {
      return checkMetadata('loadSafetensors', header.__metadata__);
    } catch (e) {
      throw corrupt(file, `__metadata__ must map strings to strings (${(e as Error).message.replace('loadSafetensors: ', '')})`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a whole safetensors file. Every dtype of the format that mssar knows (F64, F32, F16, BF16,
 * I64, I32, I16, I8, U8, BOOL) is kept exactly as a StoredTensor; any inconsistency is an Error
 * naming the file, found before the data is touched.
 */
export function loadSafetensors(file: string): SafetensorsFile {
  if (typeof file !== 'string' || file === '') throw new Error('loadSafetensors: file must be a non-empty path');
  checkIsFile(file);
  const buf = fs.readFileSync(file);
  const { header, headerLen } = readHeader(file, buf.length, (pos, len) => buf.subarray(pos, pos + len));
  const dataStart = 8 + headerLen;
  const { placed, metadata } = parseHeader(file, header, buf.length - dataStart);
  const tensors = new Map<string, StoredTensor>();
  for (const p of placed) {
    // A copy of its own: aligned for typed arrays, and independent of the file's buffer.
    const bytes = new Uint8Array(buf.subarray(dataStart + p.begin, dataStart + p.end));
    const stored = new StoredTensor(p.dtype, p.shape, bytes);
    if (p.dtype === 'BOOL' && bytes.some((b) => b > 1)) throw corrupt(file, `tensor ${p.name}: BOOL values must be 0 or 1`);
    tensors.set(p.name, stored);
  }
  return { tensors, metadata };
}
