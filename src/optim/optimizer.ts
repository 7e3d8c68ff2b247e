// What every optimizer offers: a step, gradient zeroing, a learning rate that schedules can set,
// and a state that checkpoints save and restore.
import { Tensor } from '../tensor';

export interface OptimizerState {
  /** Named tensors (momentum buffers), keyed as `<param name>.<buffer>`. */
  tensors: Map<string, Tensor>;
  /** Scalars (step count, learning rate, hyperparameters). */
  scalars: Record<string, number>;
}

export interface Optimizer {
  lr: number;
  step(): void;
  zeroGrad(): void;
  stateDict(): OptimizerState;
  loadStateDict(state: OptimizerState): void;
}
