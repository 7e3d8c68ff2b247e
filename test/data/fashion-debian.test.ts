// The real Fashion-MNIST of Debian's dataset-fashion-mnist package, when it is installed.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { data } from '../../src';
import { skipUnless } from '../skip';

const dir = data.FASHION_MNIST_DIR;
const present = fs.existsSync(dir) && fs.existsSync(`${dir}/train-images-idx3-ubyte.gz`);

describe('data: Debian Fashion-MNIST', () => {
  it('loads 60000 train and 10000 test images of [1, 28, 28] with labels 0..9, 6000 / 1000 per class', function () {
    skipUnless(this, present, `${dir} is absent (apt-get install dataset-fashion-mnist)`);
    for (const [split, n] of [['train', 60000], ['test', 10000]] as const) {
      const ds = split === 'train' ? data.fashionMnist() : data.fashionMnist({ split });
      assert.equal(ds.length, n);
      assert.deepEqual(ds.sampleShape, [1, 28, 28]);
      const counts = new Array(10).fill(0);
      for (let i = 0; i < n; i++) counts[ds.get(i).label]++;
      assert.deepEqual(counts, new Array(10).fill(n / 10));
    }
  });

  it('fashionMnistTrain/Eval normalization constants match the training pixels (mean, std within 5e-4)', async function () {
    skipUnless(this, present, `${dir} is absent (apt-get install dataset-fashion-mnist)`);
    const l = data.loader(data.fashionMnist(), { batchSize: 2000, workers: 2, transform: [data.transforms.toFloat()] });
    let sum = 0, sq = 0, n = 0;
    for await (const b of l) {
      const px = b.images.toArray();
      for (let i = 0; i < px.length; i++) {
        sum += px[i];
        sq += px[i] * px[i];
      }
      n += px.length;
      b.images.dispose();
      b.labels.dispose();
    }
    const mean = sum / n, std = Math.sqrt(sq / n - mean * mean);
    const s = data.transforms.stats.fashionMnist;
    assert.ok(Math.abs(mean - s.mean[0]) < 5e-4, `mean ${mean} vs ${s.mean[0]}`);
    assert.ok(Math.abs(std - s.std[0]) < 5e-4, `std ${std} vs ${s.std[0]}`);
    const eval_ = data.transforms.fashionMnistEval();
    assert.deepEqual(eval_[eval_.length - 1], { kind: 'normalize', mean: s.mean, std: s.std });
  });
});
