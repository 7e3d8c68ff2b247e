import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { full, memory, tensor, tidy } from '../../src';
import { loadSafetensors, saveSafetensors, StoredTensor } from '../../src/io';
import * as models from '../../src/models';
import { SGD } from '../../src/optim';
import { Tensor } from '../../src/tensor';
import { EpochMetrics, loadCheckpoint, loadTrainState, modelFromCheckpoint, parseTrainArgs, readMetrics, TIMING_FIELDS } from '../../src/train';
import { loadModelState, loadOptimizerState, readCheckpointMeta } from '../../src/train/checkpoint';
import { trainStep } from '../../src/train/step';
import { quickFlags, removeDir, tempRunDir, train, writeTinyFashion } from './fixture';
import { collectGarbage } from '../gc';

/** An assert.throws validator: the message starts with `prefix` and matches `pattern`. */
const startsWith = (prefix: string, pattern: RegExp) => (e: Error): boolean => {
  assert.ok(e.message.startsWith(prefix), e.message);
  assert.match(e.message, pattern);
  return true;
};

const withoutTiming = (r: EpochMetrics): Record<string, unknown> => {
  const o: Record<string, unknown> = { ...r };
  for (const k of TIMING_FIELDS) delete o[k];
  return o;
};

/** The bytes a tensor is stored as (a Tensor as its own dtype). */
const storedBytes = (t: Tensor | StoredTensor): Buffer => Buffer.from((t instanceof StoredTensor ? t : StoredTensor.fromTensor(t)).bytes);

function sameTensors(a: ReadonlyMap<string, Tensor | StoredTensor>, b: ReadonlyMap<string, Tensor | StoredTensor>): void {
  assert.deepStrictEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [k, t] of a) {
    const u = b.get(k)!;
    assert.deepStrictEqual(u.shape, t.shape, k);
    assert.ok(storedBytes(t).equals(storedBytes(u)), `${k} differs`);
  }
}

describe('train: a run, its metrics, checkpoints and resume', function () {
  this.timeout(120000);
  let dataDir: string;
  let straight: string;
  let resumed: string;
  const dirs: string[] = [];
  const fresh = (tag: string): string => {
    const d = tempRunDir(tag);
    dirs.push(d);
    return d;
  };
  // Cosine with a warm-up across the epoch boundaries, MS-SAR, augmentation: everything a resume must carry.
  const recipe = ['--recalibration', 'mssar', '--epochs', '3', '--schedule', 'cosine', '--warmup', '1.5', '--augment', 'standard'];
  const tensorsAfterEpoch: number[] = [];
  const tensorsPerBatch: number[][] = [];
  let straightOutput = '';

  before(async () => {
    await collectGarbage();
    dataDir = writeTinyFashion();
    straight = fresh('straight');
    resumed = fresh('resumed');
    const a = await train(quickFlags(dataDir, straight, recipe), {
      onBatch: ({ epoch }) => {
        (tensorsPerBatch[epoch] ??= []).push(memory().cpu.tensors);
      },
      onEpoch: () => {
        tensorsAfterEpoch.push(memory().cpu.tensors);
      },
    });
    assert.strictEqual(a.result.outcome, 'finished', a.stderr);
    straightOutput = a.stdout;
    const b1 = await train(quickFlags(dataDir, resumed, [...recipe, '--stop-after', '2']));
    assert.strictEqual(b1.result.outcome, 'stopped');
    assert.match(b1.stdout, /stopped after epoch 2 .*resume with: npx mssar train --out .* --resume/);
    const b2 = await train(['--out', resumed, '--resume']);
    assert.strictEqual(b2.result.outcome, 'finished', b2.stderr);
    assert.match(b2.stdout, /resuming after epoch 2/);
  });

  after(() => {
    for (const d of dirs) removeDir(d);
    removeDir(dataDir);
  });

  it('appends one metrics line per epoch with every field', () => {
    const rows = readMetrics(straight);
    assert.deepStrictEqual(rows.map((r) => r.epoch), [1, 2, 3]);
    for (const r of rows) {
      for (const k of ['train_loss', 'train_acc', 'test_loss', 'top1', 'top5', 'lr', 'best_top1', 'images_per_s', 'seconds', 'eval_seconds'] as const) {
        assert.ok(Number.isFinite(r[k]), `${k} = ${r[k]}`);
      }
      assert.ok(r.top1 >= 0 && r.top1 <= r.top5 && r.top5 <= 1);
      assert.strictEqual(r.train_images, 64);
      assert.strictEqual(r.test_images, 32);
      assert.strictEqual(r.steps, 4 * r.epoch);
      assert.ok(!Number.isNaN(Date.parse(r.time)));
    }
    assert.strictEqual(rows[2].best_top1, Math.max(...rows.map((r) => r.top1)));
    // Cosine to zero: the last step's rate is small.
    assert.ok(rows[2].lr < 0.02 && rows[2].lr < rows[1].lr, JSON.stringify(rows.map((r) => r.lr)));
    const info = JSON.parse(fs.readFileSync(path.join(straight, 'run.json'), 'utf8')) as { recalibration: string; model: string };
    assert.strictEqual(info.recalibration, 'mssar');
    assert.strictEqual(info.model, 'resnet20');
  });

  it('a run stopped after 2 epochs and resumed to 3 gives the metrics and weights of an uninterrupted run', () => {
    const a = readMetrics(straight);
    const b = readMetrics(resumed);
    assert.strictEqual(b.length, 3);
    assert.deepStrictEqual(b.map(withoutTiming), a.map(withoutTiming));
    const ca = loadSafetensors(path.join(straight, 'last.state.safetensors'));
    const cb = loadSafetensors(path.join(resumed, 'last.state.safetensors'));
    sameTensors(ca.tensors, cb.tensors);
    assert.strictEqual(ca.metadata.rng_state, cb.metadata.rng_state);
    sameTensors(loadSafetensors(path.join(straight, 'last.safetensors')).tensors, loadSafetensors(path.join(resumed, 'last.safetensors')).tensors);
  });

  it('does not leak: the same number of tensors after every epoch, none growing within one', () => {
    assert.strictEqual(tensorsAfterEpoch.length, 3);
    assert.ok(tensorsAfterEpoch.every((n) => n === tensorsAfterEpoch[0]), JSON.stringify(tensorsAfterEpoch));
    const peak = (e: number): number => Math.max(...tensorsPerBatch[e].slice(1));
    assert.ok(peak(2) <= peak(0), JSON.stringify(tensorsPerBatch));
  });

  it('a training step leaves exactly as many tensors as it found', () => {
    const model = models.create('resnet20', { inChannels: 1, recalibration: 'se' });
    const opt = new SGD(model.namedParameters(), { lr: 0.01, momentum: 0.9 });
    const x = tidy(() => full([4, 1, 16, 16], 0.5).keep());
    const y = tidy(() => full([4], 3, { dtype: 'int32' }).keep());
    const labels = new Int32Array([3, 3, 3, 3]);
    trainStep(model, opt, x, y, labels, 'cpu', 0.1);
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      trainStep(model, opt, x, y, labels, 'cpu', 0.1);
      counts.push(memory().cpu.tensors);
    }
    assert.ok(counts.every((c) => c === counts[0]), JSON.stringify(counts));
    x.dispose();
    y.dispose();
    opt.dispose();
    model.dispose();
  });

  it('a model checkpoint holds the state dict alone, under PyTorch names and dtypes, with the run metadata', () => {
    const { tensors, metadata } = loadSafetensors(path.join(straight, 'last.safetensors'));
    const model = models.create('resnet20', { inChannels: 1, numClasses: 10, recalibration: 'mssar' });
    assert.deepStrictEqual([...tensors.keys()].sort(), [...model.stateDict().keys()].sort());
    // Strict loading, as PyTorch's load_state_dict(strict=True) does.
    assert.deepStrictEqual(model.loadStateDict(tensors, { strict: true }), { missingKeys: [], unexpectedKeys: [] });
    const batches = tensors.get('bn1.num_batches_tracked')!;
    assert.strictEqual(batches.dtype, 'I64');
    assert.deepStrictEqual([...(batches.values() as BigInt64Array)], [12n]);
    assert.strictEqual(tensors.get('conv1.weight')!.dtype, 'F32');
    for (const key of ['format', 'format_version', 'epoch', 'best_top1', 'best_epoch', 'model', 'model_options', 'dataset', 'classes',
      'input_shape', 'args', 'metrics', 'device', 'created', 'mssar_version']) {
      assert.ok(key in metadata, `metadata ${key}`);
    }
    for (const key of ['optimizer', 'optimizer_scalars', 'rng_state', 'loader_seed']) assert.ok(!(key in metadata), `no ${key} in a model checkpoint`);
    assert.strictEqual(metadata.format, 'mssar.checkpoint');
    assert.strictEqual(metadata.epoch, '3');
    assert.strictEqual(metadata.model, 'resnet20');
    assert.deepStrictEqual(JSON.parse(metadata.model_options), { numClasses: 10, inChannels: 1, recalibration: 'mssar', scales: [1, 2, 4], symmetric: false, initBias: 4 });
    const args = JSON.parse(metadata.args) as Record<string, unknown>;
    assert.strictEqual(args.epochs, 3);
    assert.strictEqual(args.warmup, 1.5);
    assert.strictEqual(args.seed, 3);
    assert.strictEqual(JSON.parse(metadata.metrics).top1, readMetrics(straight)[2].top1);
    // The best checkpoint is the epoch of the best top-1.
    const best = readCheckpointMeta(path.join(straight, 'best.safetensors'));
    const rows = readMetrics(straight);
    assert.strictEqual(rows[best.epoch - 1].top1, best.bestTop1);
    // A model rebuilt from the checkpoint holds its values.
    const ckpt = loadCheckpoint(path.join(straight, 'last.safetensors'));
    const rebuilt = modelFromCheckpoint(ckpt);
    sameTensors(rebuilt.storedStateDict(), ckpt.model);
    rebuilt.dispose();
    model.dispose();
  });

  it('the training state holds the model, the momentum buffers and the optimizer, generator and loader state', () => {
    const { tensors, metadata } = loadSafetensors(path.join(straight, 'last.state.safetensors'));
    const model = models.create('resnet20', { inChannels: 1, numClasses: 10, recalibration: 'mssar' });
    const expected = [...[...model.stateDict().keys()].map((n) => `model.${n}`), ...model.namedParameters().map(([n]) => `optimizer.${n}.momentum_buffer`)];
    assert.deepStrictEqual([...tensors.keys()].sort(), expected.sort());
    assert.strictEqual(metadata.format, 'mssar.train_state');
    const scalars = JSON.parse(metadata.optimizer_scalars) as Record<string, number>;
    assert.strictEqual(scalars.step, 12);
    assert.strictEqual(scalars.momentum, 0.9);
    assert.strictEqual(scalars.nesterov, 1);
    const rng = JSON.parse(metadata.rng_state) as { seed: number; offset: number };
    assert.strictEqual(rng.seed, 3);
    // The same weights as the model checkpoint of the same epoch.
    const state = loadTrainState(path.join(straight, 'last.state.safetensors'));
    sameTensors(state.model, loadCheckpoint(path.join(straight, 'last.safetensors')).model);
    model.dispose();
  });

  it('a kill between the training state and the model checkpoints is repaired by --resume', async () => {
    const dir = fresh('repair');
    fs.cpSync(resumed, dir, { recursive: true });
    // As if killed after epoch 3's state was written but before last and best were: both at epoch 2 (or gone).
    const epoch2 = path.join(dir, 'last.safetensors');
    const m = loadSafetensors(epoch2);
    saveSafetensors(epoch2, m.tensors, { ...m.metadata, epoch: '2' });
    const bestEpoch = readCheckpointMeta(path.join(dir, 'best.safetensors')).epoch;
    if (bestEpoch === 3) fs.rmSync(path.join(dir, 'best.safetensors'));
    const r = await train(['--out', dir, '--resume']);
    assert.strictEqual(r.result.outcome, 'already-done');
    assert.match(r.stdout, /repaired .*last\.safetensors \(epoch 3/);
    assert.strictEqual(readCheckpointMeta(epoch2).epoch, 3);
    assert.strictEqual(readCheckpointMeta(path.join(dir, 'best.safetensors')).epoch, bestEpoch);
    sameTensors(loadSafetensors(epoch2).tensors, loadSafetensors(path.join(resumed, 'last.safetensors')).tensors);
  });

  it('leaves no temporary file, and removes those a killed run left', async () => {
    for (const d of [straight, resumed]) assert.deepStrictEqual(fs.readdirSync(d).filter((f) => f.endsWith('.tmp')), []);
    const stale = path.join(resumed, '.last.safetensors.99999.tmp');
    fs.writeFileSync(stale, 'half a checkpoint');
    const r = await train(['--out', resumed, '--resume']);
    assert.strictEqual(r.result.outcome, 'already-done');
    assert.match(r.stdout, /has finished its 3 epochs/);
    assert.ok(!fs.existsSync(stale));
  });

  it('--resume with --epochs trains on; other changed settings are refused', async () => {
    await assert.rejects(train(['--out', resumed, '--resume', '--lr', '0.5']), /--lr 0.5 \(the run has 0.1\)/);
    await assert.rejects(train(['--out', resumed, '--resume', '--model', 'resnet32']), /--model "resnet32" \(the run has "resnet20"\)/);
    await assert.rejects(train(['--out', resumed, '--resume', '--recalibration', 'mssar', '--mssar-scales', '1']),
      /--mssar-scales \[1\] \(the run has \[1,2,4\]\)/);
    await assert.rejects(train(['--out', resumed, '--resume', '--recalibration', 'mssar', '--mssar-symmetric']), /--mssar-symmetric true \(the run has false\)/);
    const longer = fresh('longer');
    fs.cpSync(resumed, longer, { recursive: true });
    const r = await train(['--out', longer, '--resume', '--epochs', '4']);
    assert.strictEqual(r.result.outcome, 'finished');
    assert.deepStrictEqual(readMetrics(longer).map((x) => x.epoch), [1, 2, 3, 4]);
  });

  it('a new run refuses a directory holding one, unless --overwrite', async () => {
    await assert.rejects(train(quickFlags(dataDir, straight, recipe)), /already holds a run .*--resume.*--overwrite/);
  });

  it('resuming from a corrupt, foreign or mismatched checkpoint is an Error naming the file and the problem', async () => {
    const dir = fresh('corrupt');
    const file = path.join(dir, 'last.state.safetensors');
    const good = fs.readFileSync(path.join(straight, 'last.state.safetensors'));
    fs.writeFileSync(file, good.subarray(0, good.length - 100));
    assert.throws(() => loadTrainState(file), (e: Error) => e.message.startsWith(file) && /not a valid safetensors file/.test(e.message));
    await assert.rejects(train(['--out', dir, '--resume']), (e: Error) => e.message.startsWith(file));
    fs.writeFileSync(file, Buffer.from('garbage that is not a checkpoint'));
    assert.throws(() => loadTrainState(file), startsWith(file, /: not a valid safetensors file/));

    // A plain safetensors file without our metadata.
    saveSafetensors(file, new Map([['w', full([2], 1)]]));
    assert.throws(() => loadCheckpoint(file), startsWith(file, /: not an mssar checkpoint/));
    // A model checkpoint where a training state is wanted, and the reverse.
    assert.throws(() => loadTrainState(path.join(straight, 'last.safetensors')), /not an mssar training state .*it is a model checkpoint/);
    assert.throws(() => loadCheckpoint(path.join(straight, 'last.state.safetensors')), /not an mssar checkpoint .*it is a training state/);

    const src = loadSafetensors(path.join(straight, 'last.state.safetensors'));
    const tampered = (edit: (t: Map<string, Tensor | StoredTensor>, m: Record<string, string>) => void): void => {
      const t = new Map(src.tensors);
      const m = { ...src.metadata };
      edit(t, m);
      saveSafetensors(file, t, m);
    };
    // A tensor of the wrong shape.
    tampered((t) => t.set('model.fc.weight', full([10, 32], 0)));
    let ckpt = loadTrainState(file);
    assert.throws(() => modelFromCheckpoint(ckpt), (e: Error) => e.message.startsWith(file) && /'fc.weight' has shape \[10,32\]/.test(e.message));
    // A tensor that belongs to neither the model nor the optimizer.
    tampered((t) => t.set('stray', full([1], 0)));
    assert.throws(() => loadTrainState(file), startsWith(file, /: unexpected tensor 'stray'/));
    // Metadata naming another model than the tensors are of.
    tampered((_, m) => {
      m.model = 'resnet32';
    });
    ckpt = loadTrainState(file);
    assert.throws(() => modelFromCheckpoint(ckpt), (e: Error) => e.message.startsWith(file) && /missing keys: layer1\.3\./.test(e.message));
    // The checkpoint of another model than the run's.
    tampered(() => undefined);
    ckpt = loadTrainState(file);
    const plain = models.create('resnet20', { inChannels: 1, numClasses: 10, recalibration: 'none' });
    assert.throws(() => loadModelState(ckpt, plain, 'resnet20', { inChannels: 1, numClasses: 10, recalibration: 'none' }),
      startsWith(file, /: the checkpoint holds resnet20 \(recalibration mssar.*not resnet20 \(recalibration none/));
    plain.dispose();
    // The same model with MS-SAR placed elsewhere: no shape differs, the placement is compared.
    const moved = models.create('resnet20', { inChannels: 1, numClasses: 10, recalibration: 'mssar', placement: 'beforeBn' });
    assert.throws(() => loadModelState(ckpt, moved, 'resnet20', { inChannels: 1, numClasses: 10, recalibration: 'mssar', placement: 'beforeBn' }),
      startsWith(file, /: the checkpoint holds resnet20 \(recalibration mssar, 10 classes.*not resnet20 \(recalibration mssar placed beforeBn, 10 classes/));
    moved.dispose();
    // With the global-average scale: named as such before the state dict's extra keys are.
    const global = models.create('resnet20', { inChannels: 1, numClasses: 10, recalibration: 'mssar', global: true });
    assert.throws(() => loadModelState(ckpt, global, 'resnet20', { inChannels: 1, numClasses: 10, recalibration: 'mssar', global: true }),
      startsWith(file, /: the checkpoint holds resnet20 \(recalibration mssar, 10 classes.*not resnet20 \(recalibration mssar with the global-average scale, 10 classes/));
    global.dispose();
    // A momentum buffer of the wrong shape; nothing is loaded.
    const model = modelFromCheckpoint(ckpt);
    const opt = new SGD(model.namedParameters(), { lr: 0.1, momentum: 0.9 });
    ckpt.optimizer.set('fc.weight.momentum_buffer', StoredTensor.fromTensor(full([3], 0)));
    assert.throws(() => loadOptimizerState(ckpt, opt, model.namedParameters()),
      startsWith(file, /: 'optimizer\.fc\.weight\.momentum_buffer' has shape \[3\] but the parameter has \[10,64\]/));
    assert.strictEqual(opt.stateDict().tensors.size, 0);
    ckpt.optimizer.delete('fc.weight.momentum_buffer');
    assert.throws(() => loadOptimizerState(ckpt, opt, model.namedParameters()), /missing optimizer momentum buffers: optimizer\.fc\.weight\.momentum_buffer/);
    opt.dispose();
    model.dispose();
  });

  it('stops on a NaN loss saying where, keeping the last good checkpoint', async () => {
    const dir = fresh('nan');
    const r = await train(quickFlags(dataDir, dir), {
      onBatch: ({ epoch, batch, model }) => {
        // Poison the classifier during the second epoch (after the last ReLU, which maps NaN to 0): the next batch's loss is NaN.
        if (epoch === 1 && batch === 1) {
          const w = model.namedParameters().find(([n]) => n === 'fc.weight')![1];
          w.set_(tensor(new Float32Array(w.size).fill(NaN), w.shape));
        }
      },
    });
    assert.strictEqual(r.result.outcome, 'diverged');
    assert.strictEqual(r.result.exitCode, 1);
    assert.match(r.stderr, /the loss is NaN at epoch 2, batch 2\/4 .*the last good checkpoint, .*last\.safetensors \(epoch 1\), is kept/);
    assert.deepStrictEqual(readMetrics(dir).map((x) => x.epoch), [1]);
    const ckpt = loadCheckpoint(path.join(dir, 'last.safetensors'));
    assert.strictEqual(ckpt.meta.epoch, 1);
    for (const [name, t] of ckpt.model) assert.ok(Array.from(t.values(), Number).every(Number.isFinite), name);

    const absurd = await train(quickFlags(dataDir, fresh('absurd'), ['--lr', '1e30', '--warmup', '0']));
    assert.strictEqual(absurd.result.exitCode, 1);
    assert.match(absurd.stderr, /training diverged: the loss is (NaN|Infinity|-Infinity) at epoch 1, batch \d+\/4 .*no epoch had finished/);
  });

  it('--profile prints the op table of one step and writes nothing', async () => {
    const dir = path.join(fresh('profile'), 'run');
    const r = await train(quickFlags(dataDir, dir, ['--profile']));
    assert.strictEqual(r.result.outcome, 'profiled');
    assert.match(r.stdout, /conv2d .*\n/);
    assert.match(r.stdout, /images\/s/);
    assert.ok(!fs.existsSync(dir));
  });

  it('a missing dataset is the data layer\'s error naming the path, and leaves no run directory', async () => {
    const dir = path.join(fresh('missing'), 'run');
    await assert.rejects(train(quickFlags('/nonexistent/fashion', dir)), /\/nonexistent\/fashion/);
    assert.ok(!fs.existsSync(dir));
  });

  it('a directory whose run ended before its first epoch is not a run to protect', async () => {
    const dir = fresh('unfinished');
    fs.writeFileSync(path.join(dir, 'run.json'), '{}');
    const r = await train(quickFlags(dataDir, dir, ['--epochs', '1', '--max-batches', '1']));
    assert.strictEqual(r.result.outcome, 'finished');
    assert.deepStrictEqual(readMetrics(dir).map((x) => [x.epoch, x.train_images, x.test_images]), [[1, 16, 16]]);
  });

  it('without a terminal, prints plain lines: the setup, one line per epoch, the summary', () => {
    assert.ok(!straightOutput.includes('\r') && !straightOutput.includes('\x1b'), straightOutput);
    assert.match(straightOutput, /^device: cpu \(asked for with --device cpu\)\n/);
    assert.match(straightOutput, /resnet20 \+ mssar \(278,842 parameters\) on fashion-mnist: 64 training and 32 test images of 16x16x1, 10 classes/);
    assert.strictEqual(straightOutput.match(/^epoch \d\/3  train loss [\d.]+ acc [\d.]+%  test loss [\d.]+ top-1 [\d.]+% top-5 [\d.]+%/gm)?.length, 3);
    assert.match(straightOutput, /done: 3 epochs in .*best top-1/);
  });
});

describe('train --val-split: a validation set held out of the training split', function () {
  this.timeout(120000);
  let dataDir: string;
  const dirs: string[] = [];

  before(() => {
    dataDir = writeTinyFashion(80, 32);
  });
  after(() => {
    for (const d of dirs) removeDir(d);
    removeDir(dataDir);
  });

  it('trains on the rest, evaluates both sets each epoch, and picks best.safetensors by validation top-1', async () => {
    const out = tempRunDir('val');
    dirs.push(out);
    const r = await train(quickFlags(dataDir, out, ['--val-split', '0.2', '--epochs', '3']));
    assert.strictEqual(r.result.outcome, 'finished', r.stderr);
    assert.match(r.stdout, /64 training, 16 validation \(--val-split 0.2\) and 32 test images/);
    assert.match(r.stdout, /val top-1 \d+\.\d\d%/);
    assert.match(r.stdout, /best validation top-1/);
    const rows = readMetrics(out);
    assert.deepStrictEqual(rows.map((x) => x.epoch), [1, 2, 3]);
    for (const x of rows) {
      assert.strictEqual(x.train_images, 64);
      assert.strictEqual(x.val_images, 16);
      assert.strictEqual(x.test_images, 32);
      assert.ok(Number.isFinite(x.val_loss) && x.val_top1! >= 0 && x.val_top1! <= 1);
    }
    const bestVal = Math.max(...rows.map((x) => x.val_top1!));
    assert.strictEqual(rows[2].best_top1, bestVal);
    const bestEpoch = rows.find((x) => x.val_top1 === bestVal)!.epoch;
    assert.strictEqual(readCheckpointMeta(path.join(out, 'best.safetensors')).epoch, bestEpoch);
  });

  it('a resume keeps the split and refuses to change it', async () => {
    const out = tempRunDir('val-resume');
    dirs.push(out);
    const a = await train(quickFlags(dataDir, out, ['--val-split', '0.25', '--stop-after', '1']));
    assert.strictEqual(a.result.outcome, 'stopped', a.stderr);
    await assert.rejects(() => train(['--out', out, '--resume', '--val-split', '0.1']), /--val-split 0.1 \(the run has 0.25\)/);
    const b = await train(['--out', out, '--resume']);
    assert.strictEqual(b.result.outcome, 'finished', b.stderr);
    assert.ok(readMetrics(out).every((x) => x.val_images === 20 && x.train_images === 60));
  });

  it('refuses a fraction outside [0, 1)', () => {
    for (const bad of ['1', '1.5', 'half']) {
      assert.throws(() => parseTrainArgs(['--val-split', bad]), /--val-split must be a number in \[0, 1\); got/);
    }
  });
});
