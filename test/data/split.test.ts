// data.subset and data.randomSplit: the samples they select, that loaders read them, determinism
// of the split, and named errors.
import { strict as assert } from 'assert';
import * as data from '../../src/data';
import { removeDir, SIZE, writeTinyFashion } from '../train/fixture';

describe('data.subset and data.randomSplit', () => {
  let dir: string;
  let whole: data.NativeDataset;
  const pixels = (ds: data.NativeDataset, i: number): string => Buffer.from(ds.get(i).image).toString('hex');

  before(() => {
    dir = writeTinyFashion(50, 10);
    whole = data.fashionMnist(dir, { split: 'train' });
  });
  after(() => removeDir(dir));

  it('subset reads the samples at the indices, in their order, repeats allowed', () => {
    const idx = [7, 0, 49, 7];
    const s = data.subset(whole, idx);
    assert.equal(s.length, 4);
    assert.deepEqual(s.classes, whole.classes);
    assert.deepEqual(s.sampleShape, whole.sampleShape);
    idx.forEach((j, i) => {
      assert.equal(pixels(s, i), pixels(whole, j));
      assert.equal(s.get(i).label, whole.get(j).label);
    });
  });

  it('a loader reads a subset: every sample once per epoch, with its label', async () => {
    const idx = [3, 9, 11, 20, 21, 42, 48];
    const s = data.subset(whole, idx);
    const want = idx.map((j) => whole.get(j).label).sort();
    const l = data.loader(s, { batchSize: 3, shuffle: true, seed: 5, workers: 2, transform: [data.transforms.toFloat()] });
    const labels: number[] = [];
    let images = 0;
    for await (const b of l) {
      labels.push(...b.labelArray);
      assert.deepEqual(b.images.shape.slice(1), [1, SIZE, SIZE]);
      images += b.images.shape[0];
      b.images.dispose();
      b.labels.dispose();
    }
    l.close();
    assert.equal(images, idx.length);
    assert.deepEqual(labels.sort(), want);
  });

  it('randomSplit holds out round(f n) samples, disjoint from the kept ones, together the whole set, the same for the same seed', () => {
    const [kept, held] = data.randomSplit(whole, 0.2, { seed: 0 });
    assert.equal(held.length, 10);
    assert.equal(kept.length, 40);
    const all = [...Array.from({ length: kept.length }, (_, i) => pixels(kept, i)), ...Array.from({ length: held.length }, (_, i) => pixels(held, i))];
    const original = Array.from({ length: whole.length }, (_, i) => pixels(whole, i));
    assert.deepEqual([...all].sort(), [...original].sort());
    const [kept2, held2] = data.randomSplit(whole, 0.2);
    assert.deepEqual(Array.from({ length: 10 }, (_, i) => pixels(held2, i)), Array.from({ length: 10 }, (_, i) => pixels(held, i)));
    assert.equal(kept2.length, 40);
    const [, other] = data.randomSplit(whole, 0.2, { seed: 1 });
    assert.notDeepEqual(Array.from({ length: 10 }, (_, i) => pixels(other, i)), Array.from({ length: 10 }, (_, i) => pixels(held, i)));
    // Each part keeps the dataset's order: held-out sample i comes before sample i + 1 in the whole set.
    const position = (h: string): number => original.indexOf(h);
    for (let i = 1; i < held.length; i++) assert.ok(position(pixels(held, i)) > position(pixels(held, i - 1)));
    const [k0, h0] = data.randomSplit(whole, 0);
    assert.equal(k0.length, 50);
    assert.equal(h0.length, 0);
  });

  it('refuses bad arguments, naming them', () => {
    assert.throws(() => data.subset(whole, [0, 50]), /^RangeError: subset: index 50 at position 1 is out of range \[0, 50\) of fashion-mnist/);
    assert.throws(() => data.subset(whole, [1.5]), /^RangeError: subset: index 1.5 at position 0/);
    assert.throws(() => data.subset(whole, [-1]), /^RangeError: subset: index -1/);
    assert.throws(() => data.subset({} as data.NativeDataset, [0]), /^Error: subset: dataset must be a dataset of data/);
    assert.throws(() => data.subset(whole, 3 as unknown as number[]), /^Error: subset: indices must be an array of sample indices/);
    assert.throws(() => data.randomSplit(whole, 1), /^Error: randomSplit: fraction must be a number in \[0, 1\), got 1/);
    assert.throws(() => data.randomSplit(whole, NaN), /^Error: randomSplit: fraction must be/);
    assert.throws(() => data.randomSplit(whole, 0.1, { seed: -1 }), /^Error: randomSplit: options.seed must be/);
    assert.throws(() => data.randomSplit(whole, 0.1, { sed: 1 } as data.RandomSplitOptions), /^Error: randomSplit: options/);
  });
});
