// Bad data: missing folders and files name the path and the layout expected; truncated or corrupt
// files name the file, or with onError 'skip' are left out and counted; never a crash, never a
// wrong label.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { data } from '../../src';
import { FixtureRng, equalBytes, folderEntries, idxImages, idxLabels, removeDir, tempDir, wnids, writeCifar10, writeIdx, writeJpegTree, writeTarGz } from './fixtures';
import { rejects } from '../assertions';

async function rejectsWith(p: Promise<unknown>, ...parts: string[]): Promise<void> {
  let message = '';
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof Error);
    message = e.message;
  }
  assert.ok(message !== '', 'did not reject');
  for (const s of parts) assert.ok(message.includes(s), `message lacks ${s}:\n${message}`);
}

async function drain(l: data.DataLoader): Promise<{ labels: number[]; sizes: number[] }> {
  const labels: number[] = [], sizes: number[] = [];
  for await (const b of l) {
    labels.push(...b.labelArray);
    sizes.push(b.images.shape[0]);
    b.images.dispose();
    b.labels.dispose();
  }
  return { labels, sizes };
}

describe('data: bad data', () => {
  let dir: string;
  before(() => {
    dir = tempDir('errors');
  });
  after(() => removeDir(dir));

  describe('CIFAR', () => {
    it('a missing folder names the path and the layout', () => {
      const p = path.join(dir, 'nowhere');
      rejects(() => data.cifar10(p), p, 'does not exist', 'cifar-10-batches-bin', 'data_batch_1.bin', 'cifar-10-binary.tar.gz');
      rejects(() => data.cifar100(p), p, 'cifar-100-binary', 'train.bin', 'cifar-100-binary.tar.gz');
      const empty = path.join(dir, 'empty');
      fs.mkdirSync(empty);
      rejects(() => data.cifar10(empty), empty, 'holds neither', 'data_batch_1.bin');
    });

    it('a missing batch file names that file', () => {
      const fx = writeCifar10(path.join(dir, 'c-missing'), 3, 2);
      fs.rmSync(path.join(fx.folder, 'data_batch_3.bin'));
      rejects(() => data.cifar10(fx.folder), `missing ${path.join(fx.folder, 'data_batch_3.bin')}`, 'data_batch_5.bin');
      assert.equal(data.cifar10(fx.folder, { split: 'test' }).length, 2);
    });

    it('a truncated batch is detected by its size; with skip its whole records stay, labels exact', () => {
      const fx = writeCifar10(path.join(dir, 'c-trunc'), 4, 2);
      const file = path.join(fx.folder, 'data_batch_2.bin');
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file, bytes.subarray(0, bytes.length - 1000)); // record 3 of batch 2 cut short
      rejects(() => data.cifar10(fx.folder), file, 'truncated', 'not a whole number of 3073-byte records');
      const ds = data.cifar10(fx.folder, { onError: 'skip' });
      assert.equal(ds.length, 19);
      assert.equal(ds.skipped, 1);
      const kept = fx.train.filter((_, i) => i !== 7);
      kept.forEach((s, i) => {
        assert.equal(ds.get(i).label, s.label);
        assert.ok(equalBytes(ds.get(i).image, s.image));
      });
    });

    it('a label byte outside the classes is corruption, never a wrong label', () => {
      const fx = writeCifar10(path.join(dir, 'c-label'), 3, 2);
      const file = path.join(fx.folder, 'test_batch.bin');
      const bytes = fs.readFileSync(file);
      bytes[3073] = 12;
      fs.writeFileSync(file, bytes);
      rejects(() => data.cifar10(fx.folder, { split: 'test' }), file, 'record 1', 'label byte 12');
      const ds = data.cifar10(fx.folder, { split: 'test', onError: 'skip' });
      assert.equal(ds.length, 1);
      assert.equal(ds.skipped, 1);
      assert.equal(ds.get(0).label, fx.test[0].label);
    });

    it('archives: not a .tar.gz, truncated, corrupt, or without the member', () => {
      const fx = writeCifar10(path.join(dir, 'c-tar'), 3, 2);
      const notTar = path.join(dir, 'c-tar', 'data.zip');
      fs.writeFileSync(notTar, 'x');
      rejects(() => data.cifar10(notTar), notTar, 'not a .tar.gz archive', 'cifar-10-binary.tar.gz');

      const archive = path.join(dir, 'c-tar', 'cifar-10-binary.tar.gz');
      writeTarGz(archive, folderEntries(fx.folder, 'cifar-10-batches-bin'));
      const full = fs.readFileSync(archive);
      const cut = path.join(dir, 'c-tar', 'cut.tar.gz');
      fs.writeFileSync(cut, full.subarray(0, Math.floor(full.length / 3)));
      rejects(() => data.cifar10(cut), cut, 'truncated');
      rejects(() => data.cifar10(cut, { onError: 'skip' }), cut, 'truncated', 'before its member');

      const garbled = Buffer.from(full);
      for (let i = 200; i < garbled.length; i += 97) garbled[i] ^= 0x5a;
      const bad = path.join(dir, 'c-tar', 'bad.tar.gz');
      fs.writeFileSync(bad, garbled);
      rejects(() => data.cifar10(bad), bad);

      const partial = path.join(dir, 'c-tar', 'partial.tar.gz');
      writeTarGz(partial, folderEntries(fx.folder, 'cifar-10-batches-bin').filter((e) => !e.name.endsWith('data_batch_4.bin')));
      rejects(() => data.cifar10(partial), partial, 'has no member cifar-10-batches-bin/data_batch_4.bin');
      assert.equal(data.cifar10(partial, { split: 'test' }).length, 2);

      const badGz = path.join(dir, 'c-tar', 'plain.tar.gz');
      fs.writeFileSync(badGz, 'plain text, not gzip');
      rejects(() => data.cifar10(badGz), badGz, 'not a gzip file');
    });
  });

  describe('IDX', () => {
    it('missing folder or files name the path and the layout', () => {
      const p = path.join(dir, 'no-mnist');
      rejects(() => data.mnist(p), p, 'does not exist', 'train-images-idx3-ubyte', 't10k-labels-idx1-ubyte');
      const d = path.join(dir, 'i-missing');
      writeIdx(d, 3, 2, false);
      fs.rmSync(path.join(d, 't10k-labels-idx1-ubyte'));
      rejects(() => data.mnist(d, { split: 'test' }), `missing ${path.join(d, 't10k-labels-idx1-ubyte')}`, 'gzipped');
    });

    it('an image file whose count disagrees with its size is rejected; with skip its whole images stay', () => {
      const d = path.join(dir, 'i-count');
      const fx = writeIdx(d, 5, 2, false);
      const file = path.join(d, 'train-images-idx3-ubyte');
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file, bytes.subarray(0, bytes.length - 100));
      rejects(() => data.mnist(d), file, 'header announces 5 item(s)', 'truncated');
      const ds = data.mnist(d, { onError: 'skip' });
      assert.equal(ds.length, 4);
      assert.equal(ds.skipped, 1);
      for (let i = 0; i < 4; i++) assert.equal(ds.get(i).label, fx.train.labels[i]);
      // Trailing bytes are corruption too.
      fs.writeFileSync(file, Buffer.concat([bytes, Buffer.alloc(3)]));
      rejects(() => data.mnist(d), file, 'trailing bytes');
    });

    it('label and image files of different lengths are rejected, even with skip', () => {
      const d = path.join(dir, 'i-len');
      const fx = writeIdx(d, 5, 2, true);
      fs.writeFileSync(path.join(d, 'train-labels-idx1-ubyte.gz'), zlib.gzipSync(idxLabels(fx.train.labels.slice(0, 4))));
      for (const onError of ['raise', 'skip'] as const) {
        rejects(() => data.mnist(d, { onError }), 'holds 4 labels', 'holds 5 images', 'same length');
      }
    });

    it('wrong magic, truncated gzip, labels out of 0..9', () => {
      const d = path.join(dir, 'i-bad');
      const fx = writeIdx(d, 4, 2, false);
      const file = path.join(d, 'train-images-idx3-ubyte');
      fs.writeFileSync(file, Buffer.from('GIF89a not an idx file'));
      rejects(() => data.mnist(d), file, 'not an IDX file', 'magic');
      const gz = zlib.gzipSync(idxImages(fx.train.images, 28, 28));
      fs.rmSync(file);
      fs.writeFileSync(file + '.gz', gz.subarray(0, gz.length - 40));
      rejects(() => data.mnist(d), file + '.gz', 'truncated');
      fs.writeFileSync(file + '.gz', gz);
      const labels = [...fx.train.labels];
      labels[2] = 11;
      fs.writeFileSync(path.join(d, 'train-labels-idx1-ubyte'), idxLabels(labels));
      rejects(() => data.mnist(d), 'train-labels-idx1-ubyte', 'label 2 is 11');
      const ds = data.mnist(d, { onError: 'skip' });
      assert.equal(ds.length, 3);
      assert.deepEqual([0, 1, 2].map((i) => ds.get(i).label), [fx.train.labels[0], fx.train.labels[1], fx.train.labels[3]]);
    });
  });

  describe('JPEG folders', () => {
    let root: string;
    let classes: string[];
    before(() => {
      root = path.join(dir, 'inet');
      classes = wnids(2);
      writeJpegTree(path.join(root, 'train'), classes, 3, { min: 40, max: 60 });
    });

    it('a missing folder, train or val names the path and the ILSVRC2012 layout', () => {
      const p = path.join(dir, 'no-imagenet');
      rejects(() => data.imagenet(p), p, 'does not exist', 'train/<wnid>/*.JPEG', 'LOC_val_solution.csv');
      rejects(() => data.imagenet(root, { split: 'val' }), `missing ${path.join(root, 'val')}`, 'ILSVRC2012');
      rejects(() => data.imageFolder(p), p, '<root>/<class>/<image>.jpg');
    });

    it('a flat val without a label file, or with an image missing from it', () => {
      const r = path.join(dir, 'inet-flat');
      fs.mkdirSync(path.join(r, 'val'), { recursive: true });
      fs.symlinkSync(path.join(root, 'train'), path.join(r, 'train'));
      const img = fs.readFileSync(path.join(root, 'train', classes[0], `${classes[0]}_0.JPEG`));
      fs.writeFileSync(path.join(r, 'val', 'ILSVRC2012_val_00000001.JPEG'), img);
      fs.writeFileSync(path.join(r, 'val', 'ILSVRC2012_val_00000002.JPEG'), img);
      rejects(() => data.imagenet(r, { split: 'val' }), 'no label file was found', 'LOC_val_solution.csv', 'val.txt');
      fs.writeFileSync(path.join(r, 'val.txt'), 'ILSVRC2012_val_00000001.JPEG 1\n');
      rejects(() => data.imagenet(r, { split: 'val' }), 'ILSVRC2012_val_00000002.JPEG has no line in', 'val.txt');
      const ds = data.imagenet(r, { split: 'val', onError: 'skip' });
      assert.equal(ds.length, 1);
      assert.equal(ds.skipped, 1);
      assert.equal(ds.get(0).label, 1);
      fs.writeFileSync(path.join(r, 'val.txt'), 'ILSVRC2012_val_00000001.JPEG 1\nILSVRC2012_val_00000002.JPEG 7\n');
      rejects(() => data.imagenet(r, { split: 'val' }), 'has label 7', 'outside the 2 classes');
    });

    it('a corrupt or truncated JPEG: an Error naming the file, or skipped and counted with labels intact', async () => {
      const r = path.join(dir, 'inet-corrupt');
      writeJpegTree(r, ['a', 'b'], 3, { min: 30, max: 40 }, 21);
      const corrupt = path.join(r, 'a', 'a_1.JPEG');
      fs.writeFileSync(corrupt, new FixtureRng(5).bytes(500));
      const truncated = path.join(r, 'b', 'b_2.JPEG');
      const full = fs.readFileSync(truncated);
      fs.writeFileSync(truncated, full.subarray(0, Math.floor(full.length * 0.8))); // cut inside the scan

      const ds = data.imageFolder(r);
      rejects(() => ds.get(1), corrupt, 'not a readable JPEG');
      rejects(() => ds.get(5), truncated, 'corrupt JPEG', 'Premature end');
      const t = [data.transforms.centerCrop(24), data.transforms.toFloat()];
      await rejectsWith(drain(data.loader(ds, { batchSize: 2, transform: t, workers: 2 })), corrupt, 'loader: sample 1');
      await rejectsWith(drain(data.loader(data.imageFolder(r), { batchSize: 6, transform: t, workers: 2 })), corrupt);

      const skipDs = data.imageFolder(r, { onError: 'skip' });
      const l = data.loader(skipDs, { batchSize: 4, transform: t, workers: 3 });
      const got = await drain(l);
      assert.deepEqual(got.sizes, [3, 1]);
      assert.deepEqual(got.labels, [0, 0, 1, 1]); // a_0, a_2, b_0 | b_1
      assert.equal(l.skipped, 2);
      assert.equal(skipDs.skipped, 2);
      // The loader option overrides the dataset's.
      const l2 = data.loader(ds, { batchSize: 4, transform: t, onError: 'skip' });
      assert.deepEqual((await drain(l2)).labels, [0, 0, 1, 1]);
      // And a loader that failed runs again.
      const l3 = data.loader(ds, { batchSize: 4, transform: t });
      await rejectsWith(drain(l3), corrupt);
      await rejectsWith(drain(l3), corrupt);
    });

    it('a JPEG header claiming an enormous image is refused before anything is allocated', () => {
      const r = path.join(dir, 'inet-huge');
      writeJpegTree(r, ['a'], 1, { min: 16, max: 16 }, 3);
      const file = path.join(r, 'a', 'a_0.JPEG');
      const bytes = fs.readFileSync(file);
      const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
      assert.ok(sof > 0);
      bytes.writeUInt16BE(60000, sof + 5); // height
      bytes.writeUInt16BE(60000, sof + 7); // width
      fs.writeFileSync(file, bytes);
      rejects(() => data.imageFolder(r).get(0), file, '60000x60000', 'larger than');
    });

    it('images of different sizes need a transform that gives them one size', () => {
      const ds = data.imagenet(root);
      rejects(() => data.loader(ds), 'differ in size', 'randomResizedCrop');
      rejects(() => data.loader(ds, { transform: [data.transforms.resize(32)] }), 'differ in size');
      assert.deepEqual(data.loader(ds, { transform: [data.transforms.resize([20, 30])] }).imageShape, [3, 20, 30]);
    });
  });

  describe('transforms', () => {
    let cifar: data.NativeDataset;
    before(() => {
      cifar = data.cifar10(writeCifar10(path.join(dir, 't'), 2, 1).folder);
    });
    it('bad steps are Errors naming the step', () => {
      const T = data.transforms;
      rejects(() => data.loader(cifar, { transform: [T.normalize([0.5, 0.5], [0.2, 0.2])] }), 'normalize has 2', '3 channel');
      rejects(() => data.loader(cifar, { transform: [T.randomCrop(48, { padding: 4 })] }), 'randomCrop', 'larger than the 32x32 input padded by 4');
      rejects(() => data.loader(cifar, { transform: [T.horizontalFlip(2)] }), 'p must be in [0, 1]');
      rejects(() => data.loader(cifar, { transform: [T.toFloat(), T.horizontalFlip()] }), 'toFloat', 'must be the last step');
      rejects(() => data.loader(cifar, { transform: [T.normalize([0.5], [0])] }), 'std must be positive');
      rejects(() => data.loader(cifar, { transform: [T.randomResizedCrop(8, { scale: [0.5, 0.1] })] }), 'scale must satisfy');
      rejects(() => data.loader(cifar, { transform: [T.centerCrop(0)] }), 'size must be positive');
      rejects(() => data.loader(cifar, { transform: [{ kind: 'blur' } as unknown as data.TransformStep] }), 'unknown step');
    });
  });

  it('garbage in every format is an Error, never a crash', () => {
    const rng = new FixtureRng(99);
    for (let trial = 0; trial < 30; trial++) {
      const d = path.join(dir, `fuzz${trial}`);
      fs.mkdirSync(path.join(d, 'cifar-10-batches-bin'), { recursive: true });
      for (const f of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin']) {
        fs.writeFileSync(path.join(d, 'cifar-10-batches-bin', f), rng.bytes(rng.below(8000)));
      }
      fs.writeFileSync(path.join(d, 'cifar-10-binary.tar.gz'), trial % 2 ? zlib.gzipSync(rng.bytes(3000)) : rng.bytes(3000));
      fs.writeFileSync(path.join(d, 'train-images-idx3-ubyte'), trial % 3 ? rng.bytes(rng.below(3000)) : Buffer.concat([idxImages([], 28, 28).subarray(0, 16), rng.bytes(100)]));
      fs.writeFileSync(path.join(d, 'train-labels-idx1-ubyte.gz'), zlib.gzipSync(rng.bytes(rng.below(100))));
      fs.mkdirSync(path.join(d, 'jpg', 'c'), { recursive: true });
      const jpg = Buffer.from(rng.bytes(2000));
      jpg[0] = 0xff; jpg[1] = 0xd8; jpg[2] = 0xff; // looks like a JPEG at first
      fs.writeFileSync(path.join(d, 'jpg', 'c', 'x.jpg'), jpg);
      for (const open of [
        () => data.cifar10(path.join(d, 'cifar-10-batches-bin')).get(0),
        () => data.cifar10(path.join(d, 'cifar-10-binary.tar.gz')),
        () => data.mnist(d),
        () => data.imageFolder(path.join(d, 'jpg')).get(0),
        () => data.decodeJpeg(jpg),
      ]) {
        try {
          open();
        } catch (e) {
          assert.ok(e instanceof Error);
        }
      }
    }
  });
});
