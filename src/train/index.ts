// Training: the run loop behind `mssar train`, its checkpoints, metrics and evaluation.
export { runTraining } from './run';
export type { RunHooks, RunResult, RunOutcome } from './run';
export { parseTrainArgs, trainUsage } from './args';
export type { ParsedTrainArgs } from './args';
export { RECIPES, DATASETS, defaultOutDir } from './config';
export type { TrainConfig, DatasetName, Recipe } from './config';
export { evaluate } from './evaluate';
export type { EvalResult } from './evaluate';
export {
  saveCheckpoint, loadCheckpoint, readCheckpointMeta, modelFromCheckpoint, loadModelState, loadOptimizerState, saveTrainState, loadTrainState,
  repairCheckpoints, CHECKPOINT_FORMAT, TRAIN_STATE_FORMAT, CHECKPOINT_VERSION,
} from './checkpoint';
export type { Checkpoint, CheckpointMeta, TrainState, TrainStateMeta } from './checkpoint';
export { readMetrics, TIMING_FIELDS } from './metrics';
export type { EpochMetrics } from './metrics';
export { StopRequest } from './interrupt';
export { chooseDevice } from './device';
export { countCorrect } from './topk';
