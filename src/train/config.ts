// What a training run is: every setting `mssar train` takes, and the recipe each dataset gets when a
// flag is left out. The whole config is saved in every checkpoint, so a run can be resumed from its
// directory alone.
import { checkObject, checkString } from '../check';
import type { Recalibration, RecalibrationPlacement } from '../nn/blocks/recalibration';
import { defaultMssarInitBias } from '../nn/mssar';
import type { ScheduleName } from '../optim';

export const DATASETS = ['fashion-mnist', 'cifar10', 'cifar100', 'imagenet'] as const;
export type DatasetName = (typeof DATASETS)[number];
export const RECALIBRATIONS: readonly Recalibration[] = ['none', 'se', 'mssar'];
export const SCHEDULES: readonly ScheduleName[] = ['constant', 'multistep', 'cosine'];
export const DEVICES = ['auto', 'cpu', 'cuda'] as const;
/**
 * Training augmentation: 'standard' is the dataset's preset in data.transforms (random crops and
 * flips), 'flip' only mirrors (the evaluation transform plus a random horizontal flip), 'none'
 * trains on the evaluation transform.
 */
export const AUGMENTATIONS = ['standard', 'flip', 'none'] as const;
export type Augmentation = (typeof AUGMENTATIONS)[number];
export type DeviceChoice = (typeof DEVICES)[number];

export interface TrainConfig {
  dataset: DatasetName;
  /** Dataset folder; null: the dataset's default (Fashion-MNIST: Debian's folder). */
  data: string | null;
  model: string;
  recalibration: Recalibration;
  /** MS-SAR cell sizes (recalibration 'mssar' only; default [1, 2, 4]). */
  mssarScales: number[];
  /** MS-SAR with mirrored cells sharing weights (default false). */
  mssarSymmetric: boolean;
  /** MS-SAR's starting bias (default 4, nn.MSSAR's; 0 before the validation grid chose 4). */
  mssarInitBias: number;
  /** MS-SAR with a global-average scale beside the local cells (default false). */
  mssarGlobal: boolean;
  epochs: number;
  batchSize: number;
  /** Peak learning rate (after warm-up). */
  lr: number;
  schedule: ScheduleName;
  /** Linear warm-up from lr / 10, in epochs (fractional allowed). */
  warmup: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  /** Weight decay of the SE and MS-SAR parameters; null: weightDecay, as every other parameter. */
  recalibrationWeightDecay: number | null;
  /** Where the residual blocks put SE or MS-SAR: after the branch's last batch norm (default) or before it. */
  recalibrationPlacement: RecalibrationPlacement;
  labelSmoothing: number;
  augment: Augmentation;
  /**
   * The fraction of the training split held out as a validation set (0: none). The held-out samples
   * are the same for every seed (data.randomSplit with seed 0); with a validation set the best
   * checkpoint is chosen by validation top-1, never by test top-1.
   */
  valSplit: number;
  seed: number;
  device: DeviceChoice;
  out: string;
  resume: boolean;
  /** Replace a finished or unfinished run already in `out` instead of refusing to. */
  overwrite: boolean;
  workers: number;
  evalBatchSize: number;
  /** CPU threads of the compute kernels; null: the library's default (one per core). */
  threads: number | null;
  /** Print the per-op time table of one training step and exit. */
  profile: boolean;
  /** At most this many training (and evaluation) batches per epoch; null: all. */
  maxBatches: number | null;
  /** Stop, resumable, once this many epochs are done (as an interruption would); null: never. */
  stopAfter: number | null;
}

/** The parts of a config a dataset's recipe fixes when the flag is not given. */
export type Recipe = Pick<TrainConfig, 'model' | 'epochs' | 'batchSize' | 'lr' | 'schedule' | 'warmup' | 'momentum' | 'nesterov' |
  'weightDecay' | 'labelSmoothing' | 'augment' | 'evalBatchSize' | 'workers'>;

/**
 * Fashion-MNIST: a short run that fits 15 minutes on two CPU cores (docs/training.md gives the
 * throughput it needs): few epochs, cosine annealing to zero after a short warm-up, Nesterov
 * momentum; the loader needs one worker for 28x28 images.
 * CIFAR: He et al. (2016): lr 0.1, batch 128, momentum 0.9, weight decay 1e-4, steps at 50% and 75%
 * of 160 epochs. ImageNet: the torchvision reference recipe with cosine annealing over 90 epochs.
 */
export const RECIPES: Record<DatasetName, Recipe> = {
  'fashion-mnist': {
    model: 'resnet20', epochs: 6, batchSize: 128, lr: 0.1, schedule: 'cosine', warmup: 0.1, momentum: 0.9, nesterov: true,
    weightDecay: 5e-4, labelSmoothing: 0, augment: 'flip', evalBatchSize: 500, workers: 1,
  },
  cifar10: {
    model: 'resnet20', epochs: 160, batchSize: 128, lr: 0.1, schedule: 'multistep', warmup: 0, momentum: 0.9, nesterov: false,
    weightDecay: 1e-4, labelSmoothing: 0, augment: 'standard', evalBatchSize: 500, workers: 2,
  },
  cifar100: {
    model: 'resnet20', epochs: 160, batchSize: 128, lr: 0.1, schedule: 'multistep', warmup: 0, momentum: 0.9, nesterov: false,
    weightDecay: 5e-4, labelSmoothing: 0, augment: 'standard', evalBatchSize: 500, workers: 2,
  },
  imagenet: {
    model: 'resnet18', epochs: 90, batchSize: 256, lr: 0.1, schedule: 'cosine', warmup: 0, momentum: 0.9, nesterov: false,
    weightDecay: 1e-4, labelSmoothing: 0, augment: 'standard', evalBatchSize: 100, workers: 8,
  },
};

/** The settings `--resume` may change; every other one is the checkpoint's. */
export const RESUMABLE_CHANGES: readonly (keyof TrainConfig)[] = [
  'epochs', 'data', 'device', 'workers', 'threads', 'evalBatchSize', 'maxBatches', 'stopAfter', 'resume', 'out', 'profile', 'overwrite',
];

/**
 * Settings added after runs and studies began to record theirs: a record without one was made with
 * this value (it did not exist then).
 */
export const LATER_SETTINGS: Partial<Record<keyof TrainConfig, unknown>> = {
  valSplit: 0, recalibrationWeightDecay: null, recalibrationPlacement: 'afterBn', mssarGlobal: false,
  // Older than the flags: MS-SAR was then always the starting definition.
  mssarScales: [1, 2, 4], mssarSymmetric: false, mssarInitBias: 0,
};

/** The MS-SAR settings' defaults (those of nn.MSSAR). */
export const MSSAR_DEFAULTS = { mssarScales: [1, 2, 4], mssarSymmetric: false, mssarInitBias: defaultMssarInitBias } as const;

/** runs/<dataset>-<model>-<recalibration>. */
export function defaultOutDir(c: Pick<TrainConfig, 'dataset' | 'model' | 'recalibration'>): string {
  checkObject('defaultOutDir', 'config', c);
  for (const k of ['dataset', 'model', 'recalibration'] as const) checkString('defaultOutDir', `config.${k}`, c[k]);
  return `runs/${c.dataset}-${c.model}-${c.recalibration}`;
}
