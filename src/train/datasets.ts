// The datasets `mssar train` and `mssar eval` know: where each split is, and which transforms train
// and evaluate on it. The standard training augmentations are data.transforms' presets.
import * as data from '../data';
import type { NativeDataset, Transform } from '../data';
import { UsageError } from '../cli/command';
import type { Augmentation, DatasetName } from './config';

const T = data.transforms;

interface DatasetSpec {
  /** The folder read when --data is not given; null: --data is required. */
  defaultDir: string | null;
  /** What --data must hold (for the error when it is missing). */
  layout: string;
  open(dir: string, split: 'train' | 'test'): NativeDataset;
  /** The training augmentation for images of [C, H, W]. */
  trainTransform(shape: readonly number[]): Transform;
  evalTransform(): Transform;
  /** The input the model sees, given the samples' shape. */
  inputShape(shape: readonly number[]): [number, number, number];
}

const SPECS: Record<DatasetName, DatasetSpec> = {
  'fashion-mnist': {
    defaultDir: data.FASHION_MNIST_DIR,
    layout: 'the folder holding train-images-idx3-ubyte(.gz) and the other IDX files',
    open: (dir, split) => data.fashionMnist(dir, { split }),
    trainTransform: ([, h, w]) => {
      if (h === 28 && w === 28) return T.fashionMnistTrain();
      // The same steps (pad 2, random crop, flip) for images of another size.
      const s = T.stats.fashionMnist;
      return [T.randomCrop([h, w], { padding: 2 }), T.horizontalFlip(0.5), T.normalize(s.mean, s.std)];
    },
    evalTransform: () => T.fashionMnistEval(),
    inputShape: ([c, h, w]) => [c, h, w],
  },
  cifar10: {
    defaultDir: null,
    layout: 'the folder holding cifar-10-batches-bin/ or cifar-10-binary.tar.gz',
    open: (dir, split) => data.cifar10(dir, { split }),
    trainTransform: () => T.cifarTrain({ stats: 'cifar10' }),
    evalTransform: () => T.cifarEval({ stats: 'cifar10' }),
    inputShape: ([c, h, w]) => [c, h, w],
  },
  cifar100: {
    defaultDir: null,
    layout: 'the folder holding cifar-100-binary/ or cifar-100-binary.tar.gz',
    open: (dir, split) => data.cifar100(dir, { split }),
    trainTransform: () => T.cifarTrain({ stats: 'cifar100' }),
    evalTransform: () => T.cifarEval({ stats: 'cifar100' }),
    inputShape: ([c, h, w]) => [c, h, w],
  },
  imagenet: {
    defaultDir: null,
    layout: 'the folder holding train/<wnid>/*.JPEG and val/',
    open: (dir, split) => data.imagenet(dir, { split: split === 'test' ? 'val' : 'train' }),
    trainTransform: () => T.imagenetTrain(),
    evalTransform: () => T.imagenetEval(),
    inputShape: ([c]) => [c, 224, 224],
  },
};

function specOf(dataset: DatasetName): DatasetSpec {
  const s = SPECS[dataset];
  if (!s) throw new UsageError(`unknown dataset '${String(dataset)}'`);
  return s;
}

/** The folder to read: --data, else the dataset's default, else a UsageError saying what to give. */
export function dataDir(dataset: DatasetName, dir: string | null): string {
  const s = specOf(dataset);
  const d = dir ?? s.defaultDir;
  if (d === null) throw new UsageError(`--data DIR is required for ${dataset}: ${s.layout}`);
  return d;
}

export interface TestData {
  test: NativeDataset;
  evalTransform: Transform;
  dir: string;
}

export interface RunData extends TestData {
  train: NativeDataset;
  /** Held out of the training split by --val-split; null without one. */
  val: NativeDataset | null;
  trainTransform: Transform;
  /** [C, H, W] the model sees. */
  inputShape: [number, number, number];
  numClasses: number;
}

/** Opens the test split only (the data layer's Errors name any missing or corrupt file). */
export function openTestData(dataset: DatasetName, dir: string | null): TestData {
  const d = dataDir(dataset, dir);
  return { test: specOf(dataset).open(d, 'test'), evalTransform: specOf(dataset).evalTransform(), dir: d };
}

/**
 * The evaluation transform with a random horizontal flip before its last step (the normalization
 * every evaluation preset ends with).
 */
function withFlip(evalTransform: Transform): Transform {
  return [...evalTransform.slice(0, -1), T.horizontalFlip(0.5), ...evalTransform.slice(-1)];
}

function trainingTransform(s: DatasetSpec, augment: Augmentation, shape: readonly number[]): Transform {
  switch (augment) {
    case 'standard': return s.trainTransform(shape);
    case 'flip': return withFlip(s.evalTransform());
    case 'none': return s.evalTransform();
    default: throw new UsageError(`unknown augmentation '${String(augment)}': expected standard, flip or none`);
  }
}

/**
 * Opens both splits, with the training augmentation `augment`, and holds out `valSplit` of the
 * training split as a validation set (the same samples whatever the run's seed: split seed 0).
 */
export function openData(dataset: DatasetName, dir: string | null, augment: Augmentation, valSplit = 0): RunData {
  const s = specOf(dataset);
  const d = dataDir(dataset, dir);
  const whole = s.open(d, 'train');
  const [train, val] = valSplit > 0 ? data.randomSplit(whole, valSplit, { seed: 0 }) : [whole, null];
  const test = s.open(d, 'test');
  if (test.classes.length !== train.classes.length) {
    throw new Error(`${dataset} in ${d}: the training split has ${train.classes.length} classes, the test split ${test.classes.length}`);
  }
  return {
    train, val, test, dir: d,
    trainTransform: trainingTransform(s, augment, whole.sampleShape),
    evalTransform: s.evalTransform(),
    inputShape: s.inputShape(whole.sampleShape),
    numClasses: train.classes.length,
  };
}
