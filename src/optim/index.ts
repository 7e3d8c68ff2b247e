export { SGD } from './sgd';
export type { SGDOptions, Params } from './sgd';
export type { Optimizer, OptimizerState } from './optimizer';
export { constant, multiStep, cosine, warmup, namedSchedule } from './schedule';
export type { Schedule, ScheduleName } from './schedule';
