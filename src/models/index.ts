// The model zoo: models.create(name, opts), models.list(), models.info(name, opts).
export { create, list, spec, canonicalName, LEGACY_NAMES } from './registry';
export type { ModelSpec, ModelName, ModelTypes } from './registry';
export { info, defaultInputSize } from './info';
export type { InfoOptions, InfoRow, ModelInfo } from './info';
export type { ModelOptions } from './options';
export { CifarResNet } from './cifar_resnet';
export { PreActResNet } from './preact_resnet';
export type { PreActResNetConfig } from './preact_resnet';
export { ResNet } from './resnet';
export type { ResNetConfig } from './resnet';
export { DenseNet } from './densenet';
export type { DenseNetConfig } from './densenet';
