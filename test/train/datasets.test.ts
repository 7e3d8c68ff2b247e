import * as assert from 'assert';
import { data } from '../../src';
import { openData, openTestData } from '../../src/train/datasets';
import { removeDir, writeTinyFashion } from './fixture';

const T = data.transforms;
const s = T.stats.fashionMnist;

describe('train: datasets and augmentations', () => {
  let dir: string;
  before(() => {
    dir = writeTinyFashion(20, 10);
  });
  after(() => removeDir(dir));

  it('standard is the preset (sized to the images), flip only mirrors, none is the evaluation transform', () => {
    const standard = openData('fashion-mnist', dir, 'standard');
    assert.deepStrictEqual(standard.trainTransform, [T.randomCrop([16, 16], { padding: 2 }), T.horizontalFlip(0.5), T.normalize(s.mean, s.std)]);
    assert.deepStrictEqual(standard.evalTransform, T.fashionMnistEval());
    assert.deepStrictEqual(openData('fashion-mnist', dir, 'flip').trainTransform, [T.horizontalFlip(0.5), T.normalize(s.mean, s.std)]);
    assert.deepStrictEqual(openData('fashion-mnist', dir, 'none').trainTransform, T.fashionMnistEval());
    assert.deepStrictEqual(standard.inputShape, [1, 16, 16]);
    assert.strictEqual(standard.numClasses, 10);
    assert.strictEqual(standard.train.length, 20);
    assert.strictEqual(openTestData('fashion-mnist', dir).test.length, 10);
  });

  it('the datasets without a default folder ask for --data', () => {
    assert.throws(() => openData('cifar10', null, 'standard'), /--data DIR is required for cifar10: the folder holding cifar-10-batches-bin\//);
    assert.throws(() => openTestData('imagenet', null), /--data DIR is required for imagenet/);
  });
});
