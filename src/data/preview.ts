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

/**
 * Baseline JPEG of HWC pixels, quality 1..100: 1 channel grey, 3 RGB (4:2:0), 4 CMYK stored as given
 * (Adobe's inverted inks: 255 is no ink; the decoder turns it into R = C * K / 255, ...).
 */
export function encodeJpeg(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4 = 3, quality = 90): Uint8Array {
  return nativeData.encodeJpeg(pixels, width, height, channels, quality);
}

/** RGB HWC pixels of a JPEG. */
export function decodeJpeg(bytes: Uint8Array): { data: Uint8Array; width: number; height: number } {
  return nativeData.decodeJpeg(bytes);
}
