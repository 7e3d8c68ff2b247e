import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as mssar from '../src/index';

const { io, tensor } = mssar;

describe('safetensors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-io-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips tensors of every dtype and the metadata', () => {
    const file = path.join(dir, 'a.safetensors');
    const tensors = new Map([
      ['layer1.0.conv1.weight', tensor([1.5, -2, 3, 4.25, 5, 6], [1, 2, 3, 1])],
      ['bn1.running_var', tensor(new Float64Array([0.1, 0.2]), [2])],
      ['bn1.num_batches_tracked', tensor(new Int32Array([7]), [])],
    ]);
    io.saveSafetensors(file, tensors, { epoch: '3' });
    const back = io.loadSafetensors(file);
    assert.deepEqual(back.metadata, { epoch: '3' });
    assert.deepEqual([...back.tensors.keys()].sort(), [...tensors.keys()].sort());
    for (const [k, t] of tensors) {
      const b = back.tensors.get(k)!.toTensor();
      assert.equal(b.dtype, t.dtype, k);
      assert.deepEqual(b.shape, t.shape, k);
      assert.deepEqual(Array.from(b.toArray()), Array.from(t.toArray()), k);
    }
  });

  it('writes the format byte for byte: header length, JSON header, aligned data', () => {
    const file = path.join(dir, 'b.safetensors');
    io.saveSafetensors(file, new Map([['w', tensor([1, 2], [2])]]));
    const buf = fs.readFileSync(file);
    const n = Number(buf.readBigUInt64LE(0));
    assert.equal((8 + n) % 8, 0, 'data starts 8-byte aligned');
    const header = JSON.parse(buf.subarray(8, 8 + n).toString());
    assert.deepEqual(header.w, { dtype: 'F32', shape: [2], data_offsets: [0, 8] });
    assert.deepEqual(Array.from(new Float32Array(buf.buffer.slice(buf.byteOffset + 8 + n, buf.byteOffset + 16 + n))), [1, 2]);
  });

  it('names the file and the problem when it is corrupt', () => {
    const file = path.join(dir, 'c.safetensors');
    io.saveSafetensors(file, new Map([['w', tensor([1, 2, 3, 4], [4])]]));
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, good.subarray(0, good.length - 4));
    assert.throws(() => io.loadSafetensors(file), (e: Error) => e.message.includes(file) && /data offsets/.test(e.message));
    fs.writeFileSync(file, Buffer.from([1, 2, 3]));
    assert.throws(() => io.loadSafetensors(file), /not a valid safetensors file/);
    const bad = Buffer.from(good);
    bad.writeBigUInt64LE(BigInt(1e12), 0);
    fs.writeFileSync(file, bad);
    assert.throws(() => io.loadSafetensors(file), /header length/);
    assert.throws(() => io.loadSafetensors(path.join(dir, 'missing.safetensors')), /no such file/);
  });

  it('replaces a file atomically, never leaving it half written', () => {
    const file = path.join(dir, 'd.bin');
    io.writeFileAtomic(file, [Buffer.from('old')]);
    io.writeFileAtomic(file, [Buffer.from('new'), Buffer.from('er')]);
    assert.equal(fs.readFileSync(file, 'utf8'), 'newer');
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp')), []);
  });

  it('refuses to write onto a directory, leaving no temporary file behind (issue 11)', () => {
    const target = fs.mkdtempSync(path.join(dir, 'target-'));
    assert.throws(() => io.saveSafetensors(target, new Map([['w', mssar.full([2], 1)]])), /^Error: saveSafetensors: ".*target-.*" is a directory, not a file to write$/);
    assert.throws(() => io.writeFileAtomic(target, [Buffer.from('x')]), /^Error: writeFileAtomic: ".*" is a directory/);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp')), []);
    assert.ok(fs.statSync(target).isDirectory());
  });
});

describe('learning-rate schedules', () => {
  const { optim } = mssar;
  it('multistep divides at the milestones', () => {
    const s = optim.multiStep(0.1, [5, 8], 0.1);
    assert.equal(s(0), 0.1);
    assert.equal(s(4.99), 0.1);
    assert.ok(Math.abs(s(5) - 0.01) < 1e-15);
    assert.ok(Math.abs(s(9) - 0.001) < 1e-15);
  });
  it('cosine goes from lr to minLr', () => {
    const s = optim.cosine(0.2, 10, 0.02);
    assert.equal(s(0), 0.2);
    assert.ok(Math.abs(s(5) - 0.11) < 1e-12);
    assert.ok(Math.abs(s(10) - 0.02) < 1e-12);
  });
  it('warm-up rises linearly to the schedule', () => {
    const s = optim.warmup(optim.constant(1), 2, 0.1);
    assert.ok(Math.abs(s(0) - 0.1) < 1e-12);
    assert.ok(Math.abs(s(1) - 0.55) < 1e-12);
    assert.equal(s(2), 1);
  });
  it('rejects unknown names', () => {
    assert.throws(() => optim.namedSchedule('bogus' as 'cosine', 0.1, 10), /unknown schedule/);
  });
});
