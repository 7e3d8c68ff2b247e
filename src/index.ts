// mssar: tensors with autograd on oneDNN (CPU) and cuDNN (CUDA), and fused MS-SAR kernels.
export { Tensor } from './tensor';
export type { DType, FloatDType, Device, Layout, TypedArray, BackendInfo } from './native';
export { tensor, zeros, ones, full, zerosLike, onesLike, rand, randn, manualSeed, getRngState, setRngState } from './creation';
export type { TensorOptions, FloatTensorOptions, TensorData, RngState } from './creation';
export { backends, isAvailable, requireDevice, resolveDevice, synchronize, emptyCache, setMemoryLimit, getNumThreads, setNumThreads } from './backends';
export { tidy, keep, dispose, memory, resetPeakMemory } from './scope';
export type { MemoryInfo } from './scope';
export { noGrad, enableGrad, isGradEnabled } from './autograd';
export { reference } from './native';
export { gradcheck } from './gradcheck/gradcheck';
export type { GradcheckOptions, GradcheckResult } from './gradcheck/gradcheck';
export * as functional from './functional';
export * as nn from './nn';
export * as models from './models';
