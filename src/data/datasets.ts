// Opening the standard datasets. Paths are resolved natively (native/data/*.h document each layout);
// a missing or malformed file gives an Error naming the path and the layout expected.
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

function onErrorOf(o: DatasetOptions): OnError {
  const v = o.onError ?? 'raise';
  if (v !== 'raise' && v !== 'skip') throw new Error(`onError must be 'raise' or 'skip', got ${String(v)}`);
  return v;
}

/**
 * CIFAR-10, binary version: the folder cifar-10-batches-bin/ (or its parent), or the archive
 * cifar-10-binary.tar.gz (or its folder). Samples are [3, 32, 32].
 */
export function cifar10(dir: string, options: CifarOptions = {}): NativeDataset {
  const onError = onErrorOf(options);
  return new NativeDataset(nativeData.dataCifar(dir, 10, options.split ?? 'train', 'fine', onError), onError);
}

/**
 * CIFAR-100, binary version: the folder cifar-100-binary/ (or its parent), or the archive
 * cifar-100-binary.tar.gz (or its folder). Samples are [3, 32, 32]; fine (100) or coarse (20) labels.
 */
export function cifar100(dir: string, options: Cifar100Options = {}): NativeDataset {
  const onError = onErrorOf(options);
  return new NativeDataset(nativeData.dataCifar(dir, 100, options.split ?? 'train', options.labels ?? 'fine', onError), onError);
}

/** MNIST: a folder of the four IDX files (train-images-idx3-ubyte, ..., t10k-labels-idx1-ubyte), plain or .gz. */
export function mnist(dir: string, options: IdxOptions = {}): NativeDataset {
  const onError = onErrorOf(options);
  return new NativeDataset(nativeData.dataIdx(dir, false, options.split ?? 'train', onError), onError);
}

/**
 * Fashion-MNIST, same files as MNIST; by default from Debian's /usr/share/datasets/fashion-mnist
 * (fashionMnist(), fashionMnist({ split: 'test' }) and fashionMnist(dir, options) all work).
 */
export function fashionMnist(dir?: string | IdxOptions, options: IdxOptions = {}): NativeDataset {
  if (typeof dir === 'object' && dir !== null) {
    options = dir;
    dir = undefined;
  }
  dir = dir ?? FASHION_MNIST_DIR;
  const onError = onErrorOf(options);
  return new NativeDataset(nativeData.dataIdx(dir, true, options.split ?? 'train', onError), onError);
}

/**
 * ImageNet (ILSVRC2012): <dir>/train/<wnid>/*.JPEG; <dir>/val/<wnid>/*.JPEG, or flat <dir>/val/*.JPEG
 * with LOC_val_solution.csv or a "filename label" file (val.txt, val_labels.txt). Classes are the
 * sorted wnids. Samples are [3, H, W] of varying size: give the loader a cropping transform.
 */
export function imagenet(dir: string, options: ImagenetOptions = {}): NativeDataset {
  const onError = onErrorOf(options);
  return new NativeDataset(nativeData.dataImagenet(dir, options.split ?? 'train', options.labelsFile ?? null, onError), onError);
}

/** A folder per class, <dir>/<class>/**\/*.jpg|jpeg, classes sorted by name (torchvision's ImageFolder). */
export function imageFolder(dir: string, options: DatasetOptions = {}): NativeDataset {
  const onError = onErrorOf(options);
  return new NativeDataset(nativeData.dataImageFolder(dir, onError), onError);
}
