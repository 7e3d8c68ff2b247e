// Datasets made of part of another: any selection (subset), or a seeded random split into the part
// kept and the part held out (a validation set taken from a training set).
import { checkInt, checkOptions, fail, show } from '../check';
import { nativeData } from '../native';
import { NativeDataset } from './dataset';

/** The samples of `dataset` at `indices`, in that order (repeats allowed): a dataset a loader reads like any other. */
export function subset(dataset: NativeDataset, indices: ArrayLike<number>): NativeDataset {
  if (!(dataset instanceof NativeDataset)) fail('subset', 'dataset', 'a dataset of data (cifar10, fashionMnist, ...)', dataset);
  if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') fail('subset', 'indices', 'an array of sample indices', indices);
  const list = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (!Number.isInteger(v) || v < 0 || v >= dataset.length) {
      throw new RangeError(`subset: index ${show(v)} at position ${i} is out of range [0, ${dataset.length}) of ${dataset.kind}`);
    }
    list[i] = v;
  }
  return new NativeDataset(nativeData.dataSubset(dataset.handle, list), dataset.onError);
}

/**
 * A seeded permutation of 0..n-1: Fisher-Yates driven by mulberry32 (a 32-bit generator written out
 * here, so that a split is the same in every version and on every machine).
 */
function permutation(n: number, seed: number): Int32Array {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

export interface RandomSplitOptions {
  /** Seed of the split (default 0); the same seed gives the same split. */
  seed?: number;
}

/**
 * [kept, heldOut]: round(fraction * length) samples drawn at random (seeded) are held out, the rest
 * kept; each part lists its samples in the dataset's own order. fraction in [0, 1).
 */
export function randomSplit(dataset: NativeDataset, fraction: number, options: RandomSplitOptions = {}): [NativeDataset, NativeDataset] {
  if (!(dataset instanceof NativeDataset)) fail('randomSplit', 'dataset', 'a dataset of data (cifar10, fashionMnist, ...)', dataset);
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction < 1)) fail('randomSplit', 'fraction', 'a number in [0, 1)', fraction);
  options = checkOptions<RandomSplitOptions>('randomSplit', 'options', options, ['seed']);
  const seed = options.seed === undefined ? 0 : checkInt('randomSplit', 'options.seed', options.seed, 0, 0xffffffff);
  const n = dataset.length;
  const held = Math.round(fraction * n);
  const p = permutation(n, seed);
  const heldOut = p.slice(0, held).sort();
  const kept = p.slice(held).sort();
  return [subset(dataset, kept), subset(dataset, heldOut)];
}
