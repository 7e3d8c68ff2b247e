// Datasets: a length, classes, and samples of 8-bit CHW pixels with their labels. The standard ones
// are opened and read natively, so that a loader's worker threads can read them too.
import { fail, checkOneOf } from '../check';
import { nativeData, NativeDatasetHandle, OnError } from '../native';

export type { OnError } from '../native';

export interface Sample {
  /** 8-bit pixels in CHW order (planes of channel 0, then 1, ...). */
  image: Uint8Array;
  label: number;
  /** [C, H, W]. */
  shape: [number, number, number];
}

export interface Dataset {
  readonly length: number;
  readonly classes: string[];
  get(i: number): Sample;
}

/** A dataset opened natively (every dataset of `data`): what data.loader() reads. */
export class NativeDataset implements Dataset {
  readonly handle: NativeDatasetHandle;
  /** 'cifar10', 'cifar100', 'mnist', 'fashion-mnist', 'imagenet' or 'imageFolder'. */
  readonly kind: string;
  readonly length: number;
  readonly classes: string[];
  /** [C, H, W] of every sample; H and W are -1 when the images differ in size (JPEG folders). */
  readonly sampleShape: readonly [number, number, number];
  readonly onError: OnError;

  constructor(handle: NativeDatasetHandle, onError: OnError) {
    if (handle === null || typeof handle !== 'object') fail('NativeDataset', 'handle', 'a native dataset handle', handle);
    checkOneOf('NativeDataset', 'onError', onError, ['raise', 'skip']);
    this.handle = handle;
    let info: ReturnType<typeof nativeData.datasetInfo>;
    try {
      info = nativeData.datasetInfo(handle);
    } catch {
      fail('NativeDataset', 'handle', 'a native dataset handle', handle);
    }
    this.kind = info.kind;
    this.length = info.length;
    this.classes = info.classes;
    this.sampleShape = Object.freeze(info.shape);
    this.onError = onError;
  }

  /** Sample i, decoded at full size (JPEGs as RGB). Throws an Error naming the file for a bad sample. */
  get(i: number): Sample & { path: string } {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new RangeError(`${this.kind}: index ${i} out of range [0, ${this.length})`);
    }
    return nativeData.datasetGet(this.handle, i);
  }

  /** Samples left out (onError 'skip'): bad records found while opening, bad files met by loaders. */
  get skipped(): number {
    return nativeData.datasetInfo(this.handle).skipped;
  }

  toString(): string {
    return `${this.kind} dataset (${this.length} samples, ${this.classes.length} classes)`;
  }
}
