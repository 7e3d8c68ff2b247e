// Opening the standard datasets. Paths are resolved natively (native/data/*.h document each layout);
// a missing or malformed file gives an Error naming the path and the layout expected.
import { checkOneOf, checkOptions, checkString } from '../check';
import { nativeData, OnError } from '../native';
import { NativeDataset } from './dataset';

export interface DatasetOptions {
  /** 'raise' (default): a bad record or file is an Error naming it. 'skip': it is left out and counted. */
  onError?: OnError;
}

export interface CifarOptions extends DatasetOptions {
  split?: 'train' | 'test';
}

export interface Cifar100Options extends CifarOptions {
  /** The 100 fine labels (default) or the 20 coarse ones. */
  labels?: 'fine' | 'coarse';
}

export interface IdxOptions extends DatasetOptions {
  split?: 'train' | 'test';
}

export interface ImagenetOptions extends DatasetOptions {
  split?: 'train' | 'val';
  /** Flat val folder: the label file (LOC_val_solution.csv or "filename label" lines); searched for when absent. */
  labelsFile?: string;
}

/** Debian's dataset-fashion-mnist package puts the files here. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Checks a loader's folder and options up front; returns its onError. */
function opening(fn: string, dir: unknown, o: unknown, keys: readonly string[], splits?: readonly string[]): OnError {
  checkString(fn, 'dir', dir);
  const opts = checkOptions<DatasetOptions & { split?: string; labels?: string; labelsFile?: string }>(fn, 'options', o, ['onError', ...keys]);
  if (opts.split !== undefined && splits) checkOneOf(fn, 'options.split', opts.split, splits);
  if (opts.labels !== undefined) checkOneOf(fn, 'options.labels', opts.labels, ['fine', 'coarse']);
  if (opts.labelsFile !== undefined) checkString(fn, 'options.labelsFile', opts.labelsFile);
  return checkOneOf(fn, 'options.onError', opts.onError ?? 'raise', ['raise', 'skip']);
}

/**
 * CIFAR-10, binary version: the folder cifar-10-batches-bin/ (or its parent), or the archive
 * cifar-10-binary.tar.gz (or its folder). Samples are [3, 32, 32].
 */
export function cifar10(dir: string, options: CifarOptions = {}): NativeDataset {
  const onError = opening('cifar10', dir, options, ['split'], ['train', 'test']);
  return new NativeDataset(nativeData.dataCifar(dir, 10, options.split ?? 'train', 'fine', onError), onError);
}

/**
 * CIFAR-100, binary version: the folder cifar-100-binary/ (or its parent), or the archive
 * cifar-100-binary.tar.gz (or its folder). Samples are [3, 32, 32]; fine (100) or coarse (20) labels.
 */
export function cifar100(dir: string, options: Cifar100Options = {}): NativeDataset {
  const onError = opening('cifar100', dir, options, ['split', 'labels'], ['train', 'test']);
  return new NativeDataset(nativeData.dataCifar(dir, 100, options.split ?? 'train', options.labels ?? 'fine', onError), onError);
}

/** MNIST: a folder of the four IDX files (train-images-idx3-ubyte, ..., t10k-labels-idx1-ubyte), plain or .gz. */
export function mnist(dir: string, options: IdxOptions = {}): NativeDataset {
  const onError = opening('mnist', dir, options, ['split'], ['train', 'test']);
  return new NativeDataset(nativeData.dataIdx(dir, false, options.split ?? 'train', onError), onError);
}

/**
 * Fashion-MNIST, same files as MNIST; by default from Debian's /usr/share/datasets/fashion-mnist
 * (fashionMnist(), fashionMnist({ split: 'test' }) and fashionMnist(dir, options) all work).
 */
export function fashionMnist(dir?: string | IdxOptions, options: IdxOptions = {}): NativeDataset {
  if (typeof dir === 'object' && dir !== null && Object.getPrototypeOf(dir) === Object.prototype) {
    options = dir;
    dir = undefined;
  }
  dir = dir ?? FASHION_MNIST_DIR;
  const onError = opening('fashionMnist', dir, options, ['split'], ['train', 'test']);
  try {
    return new NativeDataset(nativeData.dataIdx(dir as string, true, options.split ?? 'train', onError), onError);
  } catch (e) {
    // The native reader names the dataset as its files do (fashion-mnist); the function is named first.
    throw e instanceof Error && !e.message.startsWith('fashionMnist') ? new Error(`fashionMnist: ${e.message}`) : e;
  }
}

/**
 * ImageNet (ILSVRC2012): <dir>/train/<wnid>/*.JPEG; <dir>/val/<wnid>/*.JPEG, or flat <dir>/val/*.JPEG
 * with LOC_val_solution.csv or a "filename label" file (val.txt, val_labels.txt). Classes are the
 * sorted wnids. Samples are [3, H, W] of varying size: give the loader a cropping transform.
 */
export function imagenet(dir: string, options: ImagenetOptions = {}): NativeDataset {
  const onError = opening('imagenet', dir, options, ['split', 'labelsFile'], ['train', 'val']);
  return new NativeDataset(nativeData.dataImagenet(dir, options.split ?? 'train', options.labelsFile ?? null, onError), onError);
}

/** A folder per class, <dir>/<class>/**\/*.jpg|jpeg, classes sorted by name (torchvision's ImageFolder). */
export function imageFolder(dir: string, options: DatasetOptions = {}): NativeDataset {
  const onError = opening('imageFolder', dir, options, []);
  return new NativeDataset(nativeData.dataImageFolder(dir, onError), onError);
}
