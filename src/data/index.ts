// The data pipeline: datasets in their official formats, declarative transforms, and a loader whose
// decoding, augmentation and batching run on native threads ahead of training.
export { NativeDataset } from './dataset';
export type { Dataset, Sample, OnError } from './dataset';
export { cifar10, cifar100, mnist, fashionMnist, imagenet, imageFolder, FASHION_MNIST_DIR } from './datasets';
export type { DatasetOptions, CifarOptions, Cifar100Options, IdxOptions, ImagenetOptions } from './datasets';
export { loader, DataLoader } from './loader';
export { subset, randomSplit } from './split';
export type { RandomSplitOptions } from './split';
export type { LoaderOptions, Batch } from './loader';
export * as transforms from './transforms';
export type { Transform, TransformStep, Size } from './transforms';
export { transformSample, encodeJpeg, decodeJpeg, setMaxImagePixels, getMaxImagePixels } from './preview';
export type { TransformedSample } from './preview';
