// One sample through a transform, with the geometry it drew: for looking at augmentations and for
// tests. The loader runs exactly this per sample (same seed, epoch and index: same result).
import { native, nativeData, NativeTransformedSample } from '../native';
import { checkInt, fail, checkOptions, checkBool } from '../check';
import { NativeDataset } from './dataset';
import { Transform, toNativeSteps } from './transforms';

export type TransformedSample = NativeTransformedSample;

export function transformSample(dataset: NativeDataset, transform: Transform, index: number,
  options: { seed?: number; epoch?: number; fastDecode?: boolean } = {}): TransformedSample {
  if (!(dataset instanceof NativeDataset)) fail('transformSample', 'dataset', 'a dataset of data', dataset);
  checkInt('transformSample', 'index', index, 0, dataset.length - 1);
  const o = checkOptions<{ seed?: number; epoch?: number; fastDecode?: boolean }>('transformSample', 'options', options, ['seed', 'epoch', 'fastDecode']);
  if (o.seed !== undefined) checkInt('transformSample', 'options.seed', o.seed, 0);
  if (o.epoch !== undefined) checkInt('transformSample', 'options.epoch', o.epoch, 0);
  if (o.fastDecode !== undefined) checkBool('transformSample', 'options.fastDecode', o.fastDecode);
  return nativeData.dataTransformSample(dataset.handle, toNativeSteps(transform, 'transformSample'), index, options.seed ?? 0,
    options.epoch ?? 0, options.fastDecode ?? true);
}

/**
 * Baseline JPEG of HWC pixels, quality 1..100: 1 channel grey, 3 RGB (4:2:0), 4 CMYK stored as given
 * (Adobe's inverted inks: 255 is no ink; the decoder turns it into R = C * K / 255, ...).
 */
export function encodeJpeg(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4 = 3, quality = 90): Uint8Array {
  if (!(pixels instanceof Uint8Array)) fail('encodeJpeg', 'pixels', 'a Uint8Array', pixels);
  checkInt('encodeJpeg', 'width', width, 1, 65500);
  checkInt('encodeJpeg', 'height', height, 1, 65500);
  if (channels !== 1 && channels !== 3 && channels !== 4) fail('encodeJpeg', 'channels', '1, 3 or 4', channels);
  checkInt('encodeJpeg', 'quality', quality, 1, 100);
  if (pixels.length !== width * height * channels) {
    fail('encodeJpeg', 'pixels', `${width}x${height}x${channels} = ${width * height * channels} bytes`, `${pixels.length} bytes`);
  }
  return nativeData.encodeJpeg(pixels, width, height, channels, quality);
}

/** RGB HWC pixels of a JPEG. */
export function decodeJpeg(bytes: Uint8Array): { data: Uint8Array; width: number; height: number } {
  if (!(bytes instanceof Uint8Array)) fail('decodeJpeg', 'bytes', 'a Uint8Array', bytes);
  return nativeData.decodeJpeg(bytes);
}

/**
 * The most pixels (width x height) a JPEG's header may declare, for decodeJpeg and every loader:
 * 2^26 (67 megapixels, 8192 x 8192) by default. A larger header is refused with an Error before
 * anything is allocated for it (a decompression bomb: a few bytes that claim 16384 x 16384).
 */
export function setMaxImagePixels(maxPixels: number): void {
  checkInt('setMaxImagePixels', 'maxPixels', maxPixels, 1, 65535 * 65535);
  native.setMaxImagePixels(maxPixels);
}

export function getMaxImagePixels(): number {
  return native.getMaxImagePixels();
}
