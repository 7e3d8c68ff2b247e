// The loader: same batches for a seed whatever the number of workers, a new order every epoch,
// bounded prefetching off the JavaScript thread, cancellation, and no leaks.
import { strict as assert } from 'assert';
import * as path from 'path';
import { data, memory } from '../../src';
import { removeDir, serialOf, tempDir, wnids, writeCifar10, writeJpegTree } from './fixtures';
import { collectGarbage } from '../gc';

interface Collected {
  images: Float32Array[];
  labels: Int32Array[];
  sizes: number[];
}

async function collect(l: data.DataLoader, limit = Infinity): Promise<Collected> {
  const out: Collected = { images: [], labels: [], sizes: [] };
  for await (const b of l) {
    out.images.push(b.images.toArray() as Float32Array);
    out.labels.push(b.labelArray);
    out.sizes.push(b.images.shape[0]);
    b.images.dispose();
    b.labels.dispose();
    if (out.sizes.length >= limit) break;
  }
  return out;
}

function sameBatches(a: Collected, b: Collected): boolean {
  if (a.sizes.length !== b.sizes.length) return false;
  for (let i = 0; i < a.sizes.length; i++) {
    if (a.labels[i].length !== b.labels[i].length || a.images[i].length !== b.images[i].length) return false;
    if (!a.labels[i].every((v, k) => v === b.labels[i][k])) return false;
    if (!a.images[i].every((v, k) => Object.is(v, b.images[i][k]))) return false;
  }
  return true;
}

// Serial numbers of the samples of each batch (toFloat transform: the first two bytes of each image).
function serials(c: Collected): number[] {
  const out: number[] = [];
  for (const img of c.images) {
    for (let r = 0; r < img.length / 3072; r++) {
      out.push(serialOf(new Uint8Array([Math.round(img[r * 3072] * 255), Math.round(img[r * 3072 + 1] * 255)])));
    }
  }
  return out;
}

describe('data: loader', () => {
  let dir: string;
  let cifar: data.NativeDataset;
  let jpegs: data.NativeDataset;
  before(() => {
    dir = tempDir('loader');
    cifar = data.cifar10(writeCifar10(dir, 40, 4).folder);
    writeJpegTree(path.join(dir, 'imagenet', 'train'), wnids(3), 5, { min: 60, max: 160 });
    jpegs = data.imagenet(path.join(dir, 'imagenet'));
  });
  after(() => removeDir(dir));

  it('gives the same batches for a seed with 1, 2 and 4 workers (CIFAR augmentation, two epochs)', async () => {
    const runs: Collected[] = [];
    for (const workers of [1, 2, 4]) {
      const l = data.loader(cifar, { batchSize: 24, shuffle: true, seed: 42, workers, transform: data.transforms.cifarTrain() });
      const e0 = await collect(l);
      const e1 = await collect(l);
      runs.push({ images: [...e0.images, ...e1.images], labels: [...e0.labels, ...e1.labels], sizes: [...e0.sizes, ...e1.sizes] });
    }
    assert.deepEqual(runs[0].sizes, [24, 24, 24, 24, 24, 24, 24, 24, 8, 24, 24, 24, 24, 24, 24, 24, 24, 8]);
    assert.ok(sameBatches(runs[0], runs[1]), '1 vs 2 workers');
    assert.ok(sameBatches(runs[0], runs[2]), '1 vs 4 workers');
  });

  it('gives the same batches for a seed with 1, 2 and 4 workers (JPEG random-resized crops, prefetch 1 and 3)', async () => {
    const runs: Collected[] = [];
    for (const [workers, prefetch] of [[1, 1], [2, 3], [4, 1]]) {
      runs.push(await collect(data.loader(jpegs, { batchSize: 4, shuffle: true, seed: 7, workers, prefetch, transform: data.transforms.imagenetTrain({ size: 64 }) })));
    }
    assert.deepEqual(runs[0].sizes, [4, 4, 4, 3]);
    assert.ok(sameBatches(runs[0], runs[1]));
    assert.ok(sameBatches(runs[0], runs[2]));
  });

  it('shuffles every epoch differently: each epoch a permutation, epochs and seeds differ, a seed repeats', async () => {
    const l = data.loader(cifar, { batchSize: 32, shuffle: true, seed: 5, workers: 2 });
    const e0 = serials(await collect(l));
    const e1 = serials(await collect(l));
    const identity = Array.from({ length: 200 }, (_, i) => i);
    assert.deepEqual([...e0].sort((a, b) => a - b), identity);
    assert.deepEqual([...e1].sort((a, b) => a - b), identity);
    assert.notDeepEqual(e0, e1);
    assert.notDeepEqual(e0, identity);
    const again = data.loader(cifar, { batchSize: 32, shuffle: true, seed: 5, workers: 3 });
    assert.deepEqual(serials(await collect(again)), e0);
    again.epoch = 1;
    assert.deepEqual(serials(await collect(again)), e1);
    const other = serials(await collect(data.loader(cifar, { batchSize: 32, shuffle: true, seed: 6 })));
    assert.notDeepEqual(other, e0);
    const plain = serials(await collect(data.loader(cifar, { batchSize: 32, workers: 2 })));
    assert.deepEqual(plain, identity);
  });

  it('draws new augmentations every epoch, and the loader runs exactly what transformSample shows', async () => {
    const t = data.transforms.cifarTrain();
    const l = data.loader(cifar, { batchSize: 200, seed: 9, transform: t, workers: 2 });
    for (const epoch of [0, 1]) {
      const c = await collect(l);
      for (const i of [0, 57, 199]) {
        const s = data.transformSample(cifar, t, i, { seed: 9, epoch });
        assert.ok(s.image.every((v, k) => Object.is(v, c.images[0][i * 3072 + k])), `sample ${i} epoch ${epoch}`);
      }
    }
    const views = new Set<string>();
    for (let epoch = 0; epoch < 8; epoch++) {
      const s = data.transformSample(cifar, t, 3, { seed: 9, epoch });
      views.add(`${s.rect.join(',')}:${s.flipped}`);
    }
    assert.ok(views.size >= 4, `8 epochs gave only ${views.size} different crops of one sample`);
  });

  it('dropLast and length', async () => {
    const keep = data.loader(cifar, { batchSize: 64 });
    const drop = data.loader(cifar, { batchSize: 64, dropLast: true });
    assert.equal(keep.length, 4);
    assert.equal(drop.length, 3);
    assert.deepEqual((await collect(keep)).sizes, [64, 64, 64, 8]);
    assert.deepEqual((await collect(drop)).sizes, [64, 64, 64]);
    assert.deepEqual((await collect(data.loader(cifar, { batchSize: 500, dropLast: true }))).sizes, []);
  });

  it('makes batches off the JavaScript thread while it is busy, and at most `prefetch` ahead', async () => {
    await collectGarbage();
    const before = memory().cpu.tensors;
    const prefetch = 3;
    const l = data.loader(jpegs, { batchSize: 2, prefetch, workers: 2, seed: 1, transform: data.transforms.imagenetTrain({ size: 32 }) });
    const it = l[Symbol.asyncIterator]();
    const first = await it.next();
    assert.ok(!first.done);
    // Block the JavaScript thread: only native threads can make the next batches now.
    const t0 = Date.now();
    let seen = memory().cpu.tensors;
    while (seen < before + 2 + 2 * prefetch && Date.now() - t0 < 10000) seen = memory().cpu.tensors;
    assert.equal(seen, before + 2 + 2 * prefetch, 'the workers did not fill the queue while the JavaScript thread was busy');
    // And no further: the queue is bounded.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(memory().cpu.tensors, before + 2 + 2 * prefetch);
    first.value.images.dispose();
    first.value.labels.dispose();
    await it.return?.();
    assert.equal(memory().cpu.tensors, before);
  });

  it('breaking out of for-await stops the workers and frees every batch; the loader runs again afterwards', async () => {
    const base = memory().cpu;
    const l = data.loader(cifar, { batchSize: 16, shuffle: true, workers: 4, prefetch: 4, seed: 3, transform: data.transforms.cifarTrain() });
    for await (const b of l) {
      b.images.dispose();
      b.labels.dispose();
      break;
    }
    assert.equal(memory().cpu.tensors, base.tensors);
    assert.equal(memory().cpu.bytes, base.bytes);
    // Stopped, not merely emptied: nothing new appears.
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(memory().cpu.tensors, base.tensors);
    const full = await collect(l);
    assert.equal(full.sizes.reduce((a, b) => a + b, 0), 200);
    assert.equal(memory().cpu.tensors, base.tensors);
  });

  it('does not leak over many epochs (tensors and bytes back to the start)', async () => {
    const l = data.loader(jpegs, { batchSize: 4, shuffle: true, workers: 2, seed: 2, transform: data.transforms.imagenetEval({ resize: 40, size: 32 }) });
    await collect(l);
    const base = memory().cpu;
    for (let e = 0; e < 5; e++) await collect(l);
    const now = memory().cpu;
    assert.equal(now.tensors, base.tensors);
    assert.equal(now.bytes, base.bytes);
    l.close();
  });

  it('a second iteration while one runs is refused (issue 11: it silently ended the first); close() ends the first', async () => {
    const l = data.loader(cifar, { batchSize: 10, workers: 2, seed: 1 });
    const a = l[Symbol.asyncIterator]();
    const first = await a.next();
    assert.ok(!first.done);
    first.value.images.dispose();
    first.value.labels.dispose();
    await assert.rejects(collect(l), /^Error: DataLoader: already being iterated \(epoch 0\)/);
    l.close();
    assert.ok((await a.next()).done);
    const b = await collect(l);
    assert.equal(b.sizes.length, 20);
  });

  it('rejects datasets that are not native, and bad options', () => {
    const fake: data.Dataset = { length: 1, classes: ['a'], get: () => ({ image: new Uint8Array(3), label: 0, shape: [3, 1, 1] }) };
    assert.throws(() => data.loader(fake), /loader: the dataset must be one of/);
    assert.throws(() => data.loader(cifar, { batchSize: 0 }), /batchSize must be a positive integer/);
    assert.throws(() => data.loader(cifar, { workers: 1.5 }), /workers must be a positive integer/);
    assert.throws(() => data.loader(cifar, { seed: -1 }), /seed must be a non-negative/);
  });
});
