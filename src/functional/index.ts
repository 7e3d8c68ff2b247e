// Every differentiable op, one file each; the same names run down to native/ops, native/cpu,
// native/cpu/ref and native/cuda.
export { relu } from './relu';
export { mssar, checkMssarScales, defaultMssarScales, maxMssarScale, maxMssarScales } from './mssar';
export type { MssarOptions } from './mssar';
