// Every differentiable op, one file each; the same names run down to native/ops, native/cpu,
// native/cpu/ref and native/cuda.
export { relu } from './relu';
export { conv2d } from './conv2d';
export type { Conv2dOptions } from './conv2d';
export { linear } from './linear';
