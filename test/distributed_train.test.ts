// Distributed training: the sharded loader reads the single-process epoch, and `mssar train` over
// 2 ranks (mpirun -np 2 and --nproc 2) resumes exactly and evaluates the whole test set exactly.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as mssar from '../src/index';
import { launch } from '../src/distributed/launch';
import { openData } from '../src/train/datasets';
import { evaluate } from '../src/train/evaluate';
import { tempRunDir, writeTinyFashion } from './train/fixture';
import { mpiReason } from './distributed/helpers';
import { skipUnless } from './skip';

const CLI = path.resolve(__dirname, '..', '..', 'bin', 'mssar.js');

async function batches(l: mssar.data.DataLoader): Promise<{ images: number[]; labels: number[] }[]> {
  const out: { images: number[]; labels: number[] }[] = [];
  for await (const b of l) {
    out.push({ images: Array.from(b.images.toArray() as Float32Array), labels: Array.from(b.labelArray) });
    b.images.dispose();
    b.labels.dispose();
  }
  return out;
}

describe('distributed training', function () {
  this.timeout(300000);
  let data = '';
  before(() => {
    data = writeTinyFashion(37, 21, 5);
  });
  after(() => fs.rmSync(data, { recursive: true, force: true }));

  for (const ranks of [2, 3]) {
    it(`the ${ranks} shards of an epoch, global batch by global batch, are the single-process epoch (37 samples)`, async () => {
      const d = openData('fashion-mnist', data, 'flip');
      const per = 2;
      const opts = { shuffle: true, seed: 9, transform: d.trainTransform, workers: 1, epoch: 1 };
      const whole = await batches(mssar.data.loader(d.train, { ...opts, batchSize: per * ranks }));
      const shards = await Promise.all(Array.from({ length: ranks }, (_, rank) =>
        batches(mssar.data.loader(d.train, { ...opts, batchSize: per, shard: { rank, count: ranks } }))));
      assert.equal(whole.length, Math.ceil(37 / (per * ranks)));
      whole.forEach((b, k) => {
        const parts = shards.map((s) => s[k]).filter((x) => x !== undefined);
        assert.deepEqual(parts.flatMap((p) => p.labels), b.labels, `batch ${k}`);
        assert.deepEqual(parts.flatMap((p) => p.images), b.images, `batch ${k}`);
      });
      // The remainder rule: 37 = 6 * 6 + 1 with 3 ranks leaves rank 0 one sample more (the others none).
      const sizes = shards.map((s) => s.reduce((a, b) => a + b.labels.length, 0));
      assert.deepEqual(sizes, ranks === 2 ? [19, 18] : [13, 12, 12]);
    });
  }

  it('2 ranks: a run stopped after epoch 1 and resumed equals an uninterrupted one; sharded test top-1 equals one process\'s', async function () {
    skipUnless(this, mpiReason() === null, mpiReason());
    const flags = (out: string): string[] => ['train', '--dataset', 'fashion-mnist', '--data', data, '--out', out, '--model', 'resnet20',
      '--batch-size', '8', '--eval-batch-size', '8', '--epochs', '2', '--device', 'cpu', '--workers', '1', '--seed', '3'];
    const whole = tempRunDir('dist-whole');
    const parts = tempRunDir('dist-parts');
    try {
      // --nproc starts mpirun itself.
      const a = await launchCli([...flags(whole), '--overwrite', '--nproc', '2'], 1);
      assert.equal(a.code, 0, a.stdout + a.stderr);
      // mpirun -np 2 mssar train: stopped after epoch 1, then resumed.
      const b = await launchCli([...flags(parts), '--overwrite', '--stop-after', '1'], 2);
      assert.equal(b.code, 0, b.stdout + b.stderr);
      assert.match(b.stdout, /stopped after epoch 1/);
      const c = await launchCli([...flags(parts).filter((f) => f !== '--overwrite'), '--resume'], 2);
      assert.equal(c.code, 0, c.stdout + c.stderr);
      // Rank 0 alone printed: one line per epoch.
      assert.equal(a.stdout.match(/epoch 1\/2  train loss/g)?.length, 1, a.stdout);

      const x = mssar.training.loadCheckpoint(path.join(whole, 'last.safetensors'));
      const y = mssar.training.loadCheckpoint(path.join(parts, 'last.safetensors'));
      assert.deepEqual([...x.model.keys()], [...y.model.keys()]);
      for (const [k, t] of x.model) assert.ok(Buffer.from(y.model.get(k)!.bytes).equals(Buffer.from(t.bytes)), k);
      const rows = (dir: string) => mssar.training.readMetrics(dir);
      assert.deepEqual(rows(whole).map((r) => [r.top1, r.train_images, r.test_images]), rows(parts).map((r) => [r.top1, r.train_images, r.test_images]));
      assert.equal(rows(whole)[1].train_images, 37 - (37 % 8 < 4 ? 37 % 8 : 0));

      // The same checkpoint evaluated by one process on the whole test set.
      const d = openData('fashion-mnist', data, 'flip');
      const model = mssar.training.modelFromCheckpoint(x);
      const ev = await evaluate(model, mssar.data.loader(d.test, { batchSize: 8, transform: d.evalTransform, workers: 1, seed: 0 }), 'cpu');
      assert.equal(ev.images, 21);
      assert.equal(rows(whole)[1].top1, ev.top1);
      model.dispose();
    } finally {
      fs.rmSync(whole, { recursive: true, force: true });
      fs.rmSync(parts, { recursive: true, force: true });
    }
  });
});

/** `mssar ...args` as one process (which may start mpirun itself) or under mpirun -np `np`. */
function launchCli(args: string[], np: number): ReturnType<typeof launch> {
  if (np === 1) {
    return new Promise((resolve) => {
      const started = Date.now();
      const child = require('child_process').spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('close', (code: number | null, signal: string | null) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut: false }));
    });
  }
  return launch(np, [process.execPath, CLI, ...args], { timeoutMs: 240000 });
}
