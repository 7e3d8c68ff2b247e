import type { Recalibration, RecalibrationOptions } from '../nn/blocks/recalibration';

/** Options every model of the zoo takes. */
export interface ModelOptions extends RecalibrationOptions {
  /** Default 10 for the CIFAR models, 1000 for the ImageNet ones. */
  numClasses?: number;
  /** Input channels: 3 (default) for colour images, 1 for Fashion-MNIST. */
  inChannels?: number;
  /** Recalibration in every residual block or dense layer (default 'none'). */
  recalibration?: Recalibration;
  /**
   * Dropout rate where the architecture has one: between the convolutions of the wide blocks,
   * on the new maps of the dense layers. Default 0.
   */
  dropout?: number;
}

/** The options a model builder receives, with the defaults filled in. */
export interface BuildOptions extends ModelOptions {
  numClasses: number;
  inChannels: number;
}
