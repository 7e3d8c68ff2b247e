// Every differentiable op, one file each; the same names run down to native/ops, native/cpu,
// native/cpu/ref and native/cuda.
export { relu } from './relu';
export { sigmoid } from './sigmoid';
export { add } from './add';
export { mul } from './mul';
export { sum } from './sum';
export type { ReduceOptions } from './sum';
export { mean } from './mean';
export { concat } from './concat';
export { logSoftmax } from './log_softmax';
export { crossEntropy } from './cross_entropy';
export type { CrossEntropyOptions } from './cross_entropy';
export { conv2d } from './conv2d';
export type { Conv2dOptions } from './conv2d';
export { linear } from './linear';
export { batchNorm2d } from './batch_norm2d';
export type { BatchNorm2dOptions } from './batch_norm2d';
export { maxPool2d } from './max_pool2d';
export type { MaxPool2dOptions } from './max_pool2d';
export { avgPool2d } from './avg_pool2d';
export type { AvgPool2dOptions } from './avg_pool2d';
export { globalAvgPool2d } from './global_avg_pool2d';
export { dropout } from './dropout';
export type { DropoutOptions } from './dropout';
export type { Pool2dOptions } from './pool2d_options';
export { se } from './se';
export { mssar, checkMssarScales, defaultMssarScales, maxMssarScale, maxMssarScales } from './mssar';
export type { MssarOptions } from './mssar';
