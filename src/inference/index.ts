export { freeze } from './freeze';
export { FrozenModel } from './frozen_model';
