// Every safetensors dtype in and out, the conversion rules of loading into a module, and a header
// checked whole before the data is touched.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { full, nn, tensor } from '../src';
import { loadSafetensors, saveSafetensors, StoredTensor } from '../src/io';
import type { StoredDType } from '../src/io';

/** Writes a file with the given header object and data bytes, as another program might. */
function writeRaw(file: string, header: unknown, data: Uint8Array): void {
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  fs.writeFileSync(file, Buffer.concat([len, json, data]));
}

describe('safetensors: every dtype, conversions, header checks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-st-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Values each dtype holds exactly.
  const samples: [StoredDType, (number | bigint)[]][] = [
    ['F64', [0.1, -1e300, 5e-324, Infinity]],
    ['F32', [0.5, -3.25, 1e30, -0]],
    ['F16', [1, -2.5, 65504, 2 ** -24, 0.0999755859375]],
    ['BF16', [1, -2.5, 3.3895313892515355e38, 0.10009765625]],
    ['I64', [0n, -(2n ** 63n), 2n ** 63n - 1n, 12n]],
    ['I32', [0, -(2 ** 31), 2 ** 31 - 1, 7]],
    ['I16', [-32768, 32767, 0, 5]],
    ['I8', [-128, 127, 0, -1]],
    ['U8', [0, 255, 128, 1]],
    ['BOOL', [0, 1, 1, 0]],
  ];

  it('writes and reads back every dtype exactly', () => {
    const file = path.join(dir, 'all.safetensors');
    const map = new Map(samples.map(([d, v]) => [d.toLowerCase(), StoredTensor.fromValues(d, [v.length], v as ArrayLike<number>)]));
    saveSafetensors(file, map);
    const back = loadSafetensors(file).tensors;
    for (const [d, v] of samples) {
      const t = back.get(d.toLowerCase())!;
      assert.equal(t.dtype, d);
      assert.deepEqual(t.shape, [v.length]);
      const got: (number | bigint)[] = [...(t.values() as unknown as Iterable<number | bigint>)];
      const want = d === 'I64' ? v : d === 'F32' || d === 'F16' || d === 'BF16' ? v.map((x) => Math.fround(Number(x))) : v.map(Number);
      assert.deepEqual(got, want, d);
    }
  });

  it('rounds to nearest even when a tensor is stored as F16 or BF16', () => {
    // 1 + 2^-11 lies halfway between two halves: ties go to the even one (1); 1 + 3 * 2^-11 goes up.
    const f16 = StoredTensor.fromValues('F16', [3], [1 + 2 ** -11, 1 + 3 * 2 ** -11, 1e6]);
    assert.deepEqual([...(f16.values() as Float32Array)], [1, 1 + 2 ** -9, Infinity]);
    const bf16 = StoredTensor.fromTensor(tensor([1 + 2 ** -8, 1 + 3 * 2 ** -8], [2]), 'BF16');
    assert.deepEqual([...(bf16.values() as Float32Array)], [1, 1 + 2 ** -6]);
    assert.throws(() => StoredTensor.fromTensor(tensor([1.5], [1]), 'I64'), /a float32 tensor cannot be stored as I64/);
    assert.throws(() => StoredTensor.fromValues('U8', [1], [256]), /element 0 \(256\) is not a U8 value/);
    assert.throws(() => StoredTensor.fromValues('I16', [1], [1.5]), /not a I16 value/);
  });

  it('converts into a tensor where the conversion is exact or standard, and refuses otherwise naming the key', () => {
    const half = StoredTensor.fromValues('F16', [2], [0.5, -3]);
    assert.deepEqual(Array.from(half.toTensor().toArray()), [0.5, -3]);
    assert.equal(half.toTensor().dtype, 'float32');
    assert.equal(half.toTensor('float64').dtype, 'float64');
    // F64 into float32: rounded as PyTorch's .float().
    const f64 = StoredTensor.fromValues('F64', [1], [0.1]);
    assert.deepEqual(Array.from(f64.toTensor('float32').toArray()), [Math.fround(0.1)]);
    assert.deepEqual(Array.from(StoredTensor.fromValues('I64', [2], [5n, -3n]).toTensor().toArray()), [5, -3]);
    assert.deepEqual(Array.from(StoredTensor.fromValues('BOOL', [2], [1, 0]).toTensor().toArray()), [1, 0]);
    assert.throws(() => StoredTensor.fromValues('I64', [2], [1n, 2n ** 40n]).toTensor('int32', 'big'),
      /'big' holds the I64 value 1099511627776 at element 1, outside the int32 range/);
    assert.throws(() => StoredTensor.fromValues('I32', [1], [1]).toTensor('float32', 'w'), /'w' is I32 in the file and cannot be loaded into a float32 tensor/);
    assert.throws(() => f64.toTensor('int32', 'n'), /'n' is F64 in the file and cannot be loaded into a int32 tensor/);
  });

  it('a module loads a PyTorch-style state dict (I64 batch count, F16 weights) strictly, converting as the rules say', () => {
    const bn = new nn.BatchNorm2d(2);
    const state = new Map<string, StoredTensor>([
      ['weight', StoredTensor.fromValues('F16', [2], [1.5, 2])],
      ['bias', StoredTensor.fromValues('F64', [2], [0.25, -1])],
      ['running_mean', StoredTensor.fromValues('BF16', [2], [0.5, 0])],
      ['running_var', StoredTensor.fromValues('F32', [2], [2, 3])],
      ['num_batches_tracked', StoredTensor.fromValues('I64', [], [41n])],
    ]);
    bn.loadStateDict(state, { strict: true });
    assert.deepEqual(Array.from(bn.weight!.toArray()), [1.5, 2]);
    assert.deepEqual(Array.from(bn.runningMean.toArray()), [0.5, 0]);
    assert.equal(bn.numBatchesTracked, 41);
    // Written back as PyTorch has it: num_batches_tracked is I64.
    const stored = bn.storedStateDict();
    assert.equal(stored.get('num_batches_tracked')!.dtype, 'I64');
    assert.equal(stored.get('weight')!.dtype, 'F32');
    // A refused conversion names the key and changes nothing.
    const before = Array.from(bn.weight!.toArray());
    const bad = new Map(state);
    bad.set('running_var', StoredTensor.fromValues('I32', [2], [1, 1]));
    assert.throws(() => bn.loadStateDict(bad), /loadStateDict: 'running_var' is I32 in the file and cannot be loaded into a float32 tensor/);
    bad.set('running_var', state.get('running_var')!);
    bad.set('num_batches_tracked', StoredTensor.fromValues('F32', [], [3]));
    assert.throws(() => bn.loadStateDict(bad), /'num_batches_tracked' is F32 in the file/);
    assert.deepEqual(Array.from(bn.weight!.toArray()), before);
    assert.throws(() => bn.loadStateDict(null as unknown as Map<string, StoredTensor>), /loadStateDict: state must be a Map/);
    bn.dispose();
  });

  it('refuses a header that does not describe its data exactly, before reading it', () => {
    const file = path.join(dir, 'bad.safetensors');
    const data = new Uint8Array(16);
    const ok = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } };
    writeRaw(file, ok, data);
    assert.equal(loadSafetensors(file).tensors.size, 2);
    const cases: [unknown, Uint8Array, RegExp][] = [
      [{ ...ok, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, new Uint8Array(16), /overlaps/],
      [{ a: ok.a, b: { dtype: 'F32', shape: [1], data_offsets: [12, 16] } }, data, /a hole in the data: bytes \[8, 12\)/],
      [{ a: ok.a }, data, /8 bytes after the last tensor/],
      [{ ...ok, a: { dtype: 'F32', shape: [2], data_offsets: [0, 8, 9] } }, data, /data_offsets must be two non-negative integers/],
      [{ ...ok, a: { dtype: ['F32'], shape: [2], data_offsets: [0, 8] } }, data, /unsupported dtype \["F32"\]/],
      [{ ...ok, a: { dtype: 'F8_E4M3', shape: [2], data_offsets: [0, 8] } }, data, /unsupported dtype "F8_E4M3"/],
      [{ ...ok, a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, data, /do not fit shape \[3\]/],
      [{ ...ok, __metadata__: { epoch: 3 } }, data, /__metadata__ must map strings to strings/],
      [{ ...ok, __metadata__: ['x'] }, data, /__metadata__ must map strings to strings/],
      [{ x: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, new Uint8Array([1, 2]), /BOOL values must be 0 or 1/],
    ];
    for (const [header, bytes, pattern] of cases) {
      writeRaw(file, header, bytes);
      assert.throws(() => loadSafetensors(file), (e: Error) => e.message.startsWith(`${file}: not a valid safetensors file`) && pattern.test(e.message),
        JSON.stringify(header));
    }
  });

  it('saveSafetensors refuses metadata that is not strings and values that are not tensors', () => {
    const file = path.join(dir, 'meta.safetensors');
    assert.throws(() => saveSafetensors(file, new Map([['w', full([1], 1)]]), { epoch: 3 } as unknown as Record<string, string>),
      /saveSafetensors: metadata 'epoch' must be a string, got number/);
    assert.throws(() => saveSafetensors(file, new Map([['w', [1, 2] as unknown as StoredTensor]])), /'w' is not a Tensor or StoredTensor/);
    assert.ok(!fs.existsSync(file));
  });
});
