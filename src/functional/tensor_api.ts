// The functional ops behind the Tensor methods (src/tensor_methods.ts), gathered in one place.
export { add } from './add';
export { mul } from './mul';
export { relu } from './relu';
export { sigmoid } from './sigmoid';
export { sum } from './sum';
export { mean } from './mean';
export { sub, div, pow, maximum, minimum } from './binary';
export { eq, ne, lt, le, gt, ge } from './comparison';
export { neg, abs, exp, log, sqrt, rsqrt, tanh, gelu, clamp } from './unary';
export { where } from './where';
export { max, min, maxWithIndices, minWithIndices, argmax, argmin } from './extremum';
export { variance, std } from './variance';
export { logsumexp } from './logsumexp';
export { norm } from './norm';
