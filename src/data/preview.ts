// One sample through a transform, with the geometry it drew: for looking at augmentations and for
// tests. The loader runs exactly this per sample (same seed, epoch and index: same result).
import { nativeData, NativeTransformedSample } from '../native';
import { NativeDataset } from './dataset';
import { Transform, toNativeSteps } from './transforms';

export type TransformedSample = NativeTransformedSample;

export function transformSample(dataset: NativeDataset, transform: Transform, index: number,
  options: { seed?: number; epoch?: number; fastDecode?: boolean } = {}): TransformedSample {
  if (!(dataset instanceof NativeDataset)) throw new TypeError('transformSample: dataset must be a dataset of data');
  return nativeData.dataTransformSample(dataset.handle, toNativeSteps(transform), index, options.seed ?? 0,
    options.epoch ?? 0, options.fastDecode ?? true);
}

/** Baseline JPEG of HWC pixels (1 or 3 channels; 4:2:0 for colour), quality 1..100. */
export function encodeJpeg(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 = 3, quality = 90): Uint8Array {
  return nativeData.encodeJpeg(pixels, width, height, channels, quality);
}

/** RGB HWC pixels of a JPEG. */
export function decodeJpeg(bytes: Uint8Array): { data: Uint8Array; width: number; height: number } {
  return nativeData.decodeJpeg(bytes);
}
