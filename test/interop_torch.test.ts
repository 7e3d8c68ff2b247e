// PyTorch files both ways, checked by PyTorch itself (bench/torch/interop.py in the virtual
// environment of scripts/torch-venv.sh, made from the machine's wheel index):
// - our checkpoints load into bench/torch/cifar_resnet.py's ResNet-20 with strict=True and give our
//   logits; a state dict PyTorch saved with safetensors.torch.save_file loads into our ResNet-20
//   strictly and gives PyTorch's logits (none, SE, MS-SAR; eval mode; 1e-4 absolute);
// - every safetensors dtype written by one side reads back on the other with the same values.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { noGrad, randn } from '../src';
import { loadSafetensors, saveSafetensors, StoredTensor } from '../src/io';
import type { StoredDType } from '../src/io';
import * as models from '../src/models';
import type { Layer } from '../src/nn';
import type { Tensor } from '../src/tensor';
import { loadCheckpoint, modelFromCheckpoint } from '../src/train';
import { torchVenvPython } from '../bench/common';
import { quickFlags, train, writeTinyFashion } from './train/fixture';
import { skipUnless } from './skip';

const root = path.join(__dirname, '..', '..');
const RECALIBRATIONS = ['none', 'se', 'mssar'] as const;
const TOLERANCE = 1e-4;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function logitsOf(model: Layer, x: Tensor): Float32Array {
  model.eval();
  return noGrad(() => {
    const y = model.forward(x);
    const out = y.toArray() as Float32Array;
    y.dispose();
    return out;
  });
}

const readLogits = (file: string): Float32Array => loadSafetensors(file).tensors.get('logits')!.values() as Float32Array;

// Values each dtype holds exactly, so both sides must agree to the bit; and, written by us, values
// that round (0.1 in F16 and BF16), compared with torch's own rounding of the same numbers.
const DTYPE_VALUES: Record<StoredDType, (number | string)[]> = {
  F64: [0.1, -1e300, 5e-324, 3],
  F32: [0.5, -3.25, 1e30, 7],
  F16: [1, -2.5, 65504, 2 ** -24, 0.1],
  BF16: [1, -2.5, 3.3895313892515355e38, 0.1],
  I64: ['0', '-9223372036854775808', '9223372036854775807', '12'],
  I32: [0, -(2 ** 31), 2 ** 31 - 1, 7],
  I16: [-32768, 32767, 0, 5],
  I8: [-128, 127, 0, -1],
  U8: [0, 255, 128, 1],
  BOOL: [0, 1, 1, 0],
};

describe('PyTorch interop: checkpoints and safetensors both ways', function () {
  this.timeout(600000);
  let python = '';
  let dir = '';
  let x: Tensor;
  const input = (): string => path.join(dir, 'input.safetensors');

  before(function () {
    try {
      python = torchVenvPython(600000);
    } catch (e) {
      // Only where PyTorch cannot be installed from the machine's wheel index.
      skipUnless(this, false, `PyTorch is not available (scripts/torch-venv.sh failed: ${(e as Error).message.split('\n')[0]})`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-torch-'));
    x = randn([5, 1, 16, 16]).keep();
    saveSafetensors(input(), new Map([['x', x]]));
  });
  after(() => {
    x?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const runTorch = (jobs: object[]): void => {
    const file = path.join(dir, `jobs-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(jobs));
    execFileSync(python, [path.join(root, 'bench', 'torch', 'interop.py'), file], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300000 });
  };

  it('our checkpoints load into the PyTorch ResNet-20 with strict=True and give our logits', async () => {
    const data = writeTinyFashion();
    const jobs: object[] = [];
    const ours = new Map<string, Float32Array>();
    for (const r of RECALIBRATIONS) {
      const out = path.join(dir, `run-${r}`);
      // A few real training steps, so that batch-norm statistics, batch counts and MS-SAR weights have moved.
      const run = await train(quickFlags(data, out, ['--recalibration', r, '--max-batches', '3']));
      assert.equal(run.result.outcome, 'finished');
      const model = modelFromCheckpoint(loadCheckpoint(path.join(out, 'last.safetensors')));
      ours.set(r, logitsOf(model, x));
      model.dispose();
      jobs.push({ kind: 'load', checkpoint: path.join(out, 'last.safetensors'), recalibration: r, in_channels: 1, input: input(), out: path.join(dir, `torch-logits-${r}.safetensors`) });
    }
    fs.rmSync(data, { recursive: true, force: true });
    runTorch(jobs);
    for (const r of RECALIBRATIONS) {
      const theirs = readLogits(path.join(dir, `torch-logits-${r}.safetensors`));
      const d = maxAbsDiff(ours.get(r)!, theirs);
      assert.ok(d <= TOLERANCE, `${r}: logits differ by ${d}`);
      assert.ok(theirs.some((v) => Math.abs(v) > 1e-3), `${r}: logits are not all zero`);
    }
  });

  it('a state dict saved by PyTorch (save_file) loads into our ResNet-20 strictly and gives PyTorch\'s logits', () => {
    runTorch(RECALIBRATIONS.map((r, i) => ({
      kind: 'save', recalibration: r, in_channels: 1, seed: 10 + i, input: input(),
      state: path.join(dir, `torch-state-${r}.safetensors`), out: path.join(dir, `torch-saved-logits-${r}.safetensors`),
    })));
    for (const r of RECALIBRATIONS) {
      const { tensors } = loadSafetensors(path.join(dir, `torch-state-${r}.safetensors`));
      assert.equal(tensors.get('bn1.num_batches_tracked')!.dtype, 'I64');
      const model = models.create('resnet20', { inChannels: 1, numClasses: 10, recalibration: r });
      assert.deepEqual(model.loadStateDict(tensors, { strict: true }), { missingKeys: [], unexpectedKeys: [] });
      const d = maxAbsDiff(logitsOf(model, x), readLogits(path.join(dir, `torch-saved-logits-${r}.safetensors`)));
      assert.ok(d <= TOLERANCE, `${r}: logits differ by ${d}`);
      // And back: what we write PyTorch reads as it wrote it (num_batches_tracked I64 included).
      const again = loadSafetensors(path.join(dir, `torch-state-${r}.safetensors`)).tensors;
      const ours = model.storedStateDict();
      for (const [k, t] of again) assert.ok(Buffer.from(t.bytes).equals(Buffer.from(ours.get(k)!.bytes)) && t.dtype === ours.get(k)!.dtype, k);
      model.dispose();
    }
  });

  it('every dtype written by PyTorch reads here with its values, and every dtype written here reads in PyTorch', () => {
    const exact: Record<string, (number | string)[]> = {};
    for (const [d, v] of Object.entries(DTYPE_VALUES)) exact[d] = d === 'F16' || d === 'BF16' ? v.slice(0, -1) : v;
    const theirs = path.join(dir, 'torch-dtypes.safetensors');
    const mine = path.join(dir, 'mssar-dtypes.safetensors');
    const report = path.join(dir, 'torch-read.json');
    const stored = new Map<string, StoredTensor>();
    for (const [d, v] of Object.entries(DTYPE_VALUES)) {
      stored.set(d.toLowerCase(), StoredTensor.fromValues(d as StoredDType, [v.length], d === 'I64' ? v.map((s) => BigInt(s)) : v as number[]));
    }
    saveSafetensors(mine, stored);
    runTorch([{ kind: 'dtypes', out: theirs, values: exact }, { kind: 'read', file: mine, out: report, values: DTYPE_VALUES }]);

    const read = loadSafetensors(theirs).tensors;
    for (const [d, v] of Object.entries(exact)) {
      const t = read.get(d.toLowerCase())!;
      assert.equal(t.dtype, d);
      const got = [...(t.values() as unknown as Iterable<number | bigint>)].map(String);
      const want = v.map((n) => String(d === 'F32' || d === 'F16' || d === 'BF16' ? Math.fround(Number(n)) : n));
      assert.deepEqual(got, want, d);
    }
    const seen = JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, { dtype: string; shape: number[]; values: unknown[]; torch: unknown[] }>;
    for (const [d, v] of Object.entries(DTYPE_VALUES)) {
      const s = seen[d.toLowerCase()];
      assert.equal(s.dtype, d);
      assert.deepEqual(s.shape, [v.length]);
      // Including 0.1 in F16 and BF16: our rounding is torch's.
      assert.deepEqual(s.values, s.torch, d);
    }
  });
});
