// CIFAR-10 and CIFAR-100 binary versions, from folders and from .tar.gz archives: every byte and
// label comes back as written, in file order, with the class names of the meta files.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { data } from '../../src';
import { CifarSample, equalBytes, folderEntries, removeDir, tempDir, writeCifar10, writeCifar100, writeTarGz } from './fixtures';

function assertSamples(ds: data.NativeDataset, expected: CifarSample[], coarse = false): void {
  assert.equal(ds.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const s = ds.get(i);
    assert.deepEqual(s.shape, [3, 32, 32]);
    assert.ok(equalBytes(s.image, expected[i].image), `sample ${i}: pixels differ`);
    assert.equal(s.label, coarse ? expected[i].coarse : expected[i].label, `sample ${i}: label`);
  }
}

describe('data: CIFAR-10', () => {
  let dir: string;
  let fx: ReturnType<typeof writeCifar10>;
  before(() => {
    dir = tempDir('cifar10');
    fx = writeCifar10(dir, 7, 5);
    writeTarGz(path.join(dir, 'cifar-10-binary.tar.gz'), folderEntries(fx.folder, 'cifar-10-batches-bin'));
  });
  after(() => removeDir(dir));

  it('reads the five train batches in order, bytes and labels exact (CHW)', () => {
    const ds = data.cifar10(fx.folder);
    assertSamples(ds, fx.train);
    assert.deepEqual(ds.sampleShape, [3, 32, 32]);
    assert.equal(ds.kind, 'cifar10');
  });

  it('reads the test batch', () => {
    assertSamples(data.cifar10(fx.folder, { split: 'test' }), fx.test);
  });

  it('takes the class names from batches.meta.txt', () => {
    assert.deepEqual(data.cifar10(fx.folder).classes, fx.names);
  });

  it('falls back to the built-in class names without batches.meta.txt', () => {
    const d2 = tempDir('cifar10-nometa');
    try {
      const f2 = writeCifar10(d2, 2, 2, 9, false);
      assert.deepEqual(data.cifar10(f2.folder).classes,
        ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
    } finally {
      removeDir(d2);
    }
  });

  it('accepts the parent of cifar-10-batches-bin', () => {
    // dir holds both the folder and the archive: the folder wins.
    assertSamples(data.cifar10(dir), fx.train);
  });

  it('reads the .tar.gz archive itself, both splits, with the meta names', () => {
    const archive = path.join(dir, 'cifar-10-binary.tar.gz');
    const ds = data.cifar10(archive);
    assertSamples(ds, fx.train);
    assert.deepEqual(ds.classes, fx.names);
    assertSamples(data.cifar10(archive, { split: 'test' }), fx.test);
  });

  it('reads the archive from a folder that holds it', () => {
    const d2 = tempDir('cifar10-archive');
    try {
      fs.copyFileSync(path.join(dir, 'cifar-10-binary.tar.gz'), path.join(d2, 'cifar-10-binary.tar.gz'));
      assertSamples(data.cifar10(d2), fx.train);
    } finally {
      removeDir(d2);
    }
  });

  it('the loader returns the same pixels / 255 and labels, in order without shuffling', async () => {
    const ds = data.cifar10(fx.folder);
    const l = data.loader(ds, { batchSize: 8, workers: 2, transform: [data.transforms.toFloat()] });
    let i = 0;
    for await (const b of l) {
      const px = b.images.toArray();
      assert.equal(b.images.dtype, 'float32');
      assert.equal(b.labels.dtype, 'int32');
      for (let r = 0; r < b.labelArray.length; r++, i++) {
        assert.equal(b.labelArray[r], fx.train[i].label);
        const want = fx.train[i].image;
        for (let k = 0; k < 3072; k++) {
          if (px[r * 3072 + k] !== Math.fround(want[k] / 255)) assert.fail(`sample ${i} element ${k}: ${px[r * 3072 + k]} vs ${want[k] / 255}`);
        }
      }
      b.images.dispose();
      b.labels.dispose();
    }
    assert.equal(i, fx.train.length);
  });
});

describe('data: CIFAR-100', () => {
  let dir: string;
  let fx: ReturnType<typeof writeCifar100>;
  before(() => {
    dir = tempDir('cifar100');
    fx = writeCifar100(dir, 23, 9);
    fs.writeFileSync(path.join(fx.folder, 'coarse_label_names.txt'), Array.from({ length: 20 }, (_, i) => `coarse${i}`).join('\n'));
    writeTarGz(path.join(dir, 'cifar-100-binary.tar.gz'), folderEntries(fx.folder, 'cifar-100-binary'));
  });
  after(() => removeDir(dir));

  it('fine labels (default), exact bytes, built-in fine names without fine_label_names.txt', () => {
    const ds = data.cifar100(fx.folder);
    assertSamples(ds, fx.train);
    assert.equal(ds.classes.length, 100);
    assert.equal(ds.classes[0], 'apple');
    assert.equal(ds.classes[99], 'worm');
  });

  it('coarse labels, names from coarse_label_names.txt', () => {
    const ds = data.cifar100(fx.folder, { labels: 'coarse' });
    assertSamples(ds, fx.train, true);
    assert.deepEqual(ds.classes, Array.from({ length: 20 }, (_, i) => `coarse${i}`));
  });

  it('test split, from the parent folder', () => {
    assertSamples(data.cifar100(dir, { split: 'test' }), fx.test);
  });

  it('from the .tar.gz archive', () => {
    const archive = path.join(dir, 'cifar-100-binary.tar.gz');
    assertSamples(data.cifar100(archive), fx.train);
    assertSamples(data.cifar100(archive, { split: 'test', labels: 'coarse' }), fx.test, true);
  });
});
