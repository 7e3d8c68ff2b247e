// MNIST / Fashion-MNIST IDX files, plain and gzipped: every byte and label back as written.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { data } from '../../src';
import { equalBytes, removeDir, tempDir, writeIdx } from './fixtures';

describe('data: IDX (MNIST, Fashion-MNIST)', () => {
  let dir: string;
  before(() => {
    dir = tempDir('idx');
  });
  after(() => removeDir(dir));

  for (const gz of [false, true]) {
    it(`reads ${gz ? 'gzipped' : 'plain'} files, both splits, exact bytes and labels`, () => {
      const d = path.join(dir, gz ? 'gz' : 'plain');
      const fx = writeIdx(d, 37, 11, gz);
      for (const split of ['train', 'test'] as const) {
        const ds = data.mnist(d, { split });
        const want = split === 'train' ? fx.train : fx.test;
        assert.equal(ds.length, want.images.length);
        assert.deepEqual(ds.sampleShape, [1, 28, 28]);
        for (let i = 0; i < ds.length; i++) {
          const s = ds.get(i);
          assert.deepEqual(s.shape, [1, 28, 28]);
          assert.ok(equalBytes(s.image, want.images[i]), `${split} sample ${i}`);
          assert.equal(s.label, want.labels[i]);
        }
      }
    });
  }

  it('names the classes: digits for MNIST, clothes for Fashion-MNIST', () => {
    const d = path.join(dir, 'names');
    writeIdx(d, 3, 3, false);
    assert.deepEqual(data.mnist(d).classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const f = data.fashionMnist(d);
    assert.equal(f.kind, 'fashion-mnist');
    assert.equal(f.classes[0], 'T-shirt/top');
    assert.equal(f.classes[9], 'Ankle boot');
  });

  it('accepts the dotted spelling train-images.idx3-ubyte', () => {
    const d = path.join(dir, 'dotted');
    const fx = writeIdx(d, 5, 2, false);
    fs.renameSync(path.join(d, 'train-images-idx3-ubyte'), path.join(d, 'train-images.idx3-ubyte'));
    fs.renameSync(path.join(d, 'train-labels-idx1-ubyte'), path.join(d, 'train-labels.idx1-ubyte'));
    const ds = data.mnist(d);
    assert.equal(ds.length, 5);
    assert.ok(equalBytes(ds.get(4).image, fx.train.images[4]));
  });

  it('the loader returns [B, 1, 28, 28] float32 equal to bytes / 255', async () => {
    const d = path.join(dir, 'loader');
    const fx = writeIdx(d, 20, 2, true);
    const l = data.loader(data.mnist(d), { batchSize: 6, workers: 3 });
    const sizes: number[] = [];
    let i = 0;
    for await (const b of l) {
      sizes.push(b.images.shape[0]);
      assert.deepEqual(b.images.shape.slice(1), [1, 28, 28]);
      const px = b.images.toArray();
      for (let r = 0; r < b.labelArray.length; r++, i++) {
        assert.equal(b.labelArray[r], fx.train.labels[i]);
        for (let k = 0; k < 784; k++) assert.equal(px[r * 784 + k], Math.fround(fx.train.images[i][k] / 255));
      }
      b.images.dispose();
      b.labels.dispose();
    }
    assert.deepEqual(sizes, [6, 6, 6, 2]);
  });
});
