// What a run is made of before its first step: the config (a resumed run's own), the device, the
// data, the model and optimizer (restored from the training state on --resume), and its loaders.
import * as fs from 'fs';
import { setNumThreads } from '../backends';
import { manualSeed, setRngState } from '../creation';
import { loader, DataLoader, NativeDataset } from '../data';
import * as models from '../models';
import type { ModelOptions } from '../models';
import type { Device } from '../native';
import type { Layer } from '../nn';
import { DistributedDataParallel } from '../nn/distributed_data_parallel';
import { SGD } from '../optim';
import { isRecalibrationParameter } from '../nn/blocks/recalibration';
import { UsageError } from '../cli/command';
import type { ParsedTrainArgs } from './args';
import { loadModelState, loadOptimizerState, loadTrainState, repairCheckpoints, TrainState } from './checkpoint';
import { MSSAR_DEFAULTS, TrainConfig } from './config';
import { openData, RunData } from './datasets';
import { chooseDevice } from './device';
import type { EpochMetrics } from './metrics';
import { bestCheckpoint, lastCheckpoint, resumeConfig, trainStateFile } from './rundir';
import { joinWorld, RunWorld } from './world';

export interface Setup {
  config: TrainConfig;
  device: Device;
  data: RunData;
  model: Layer;
  /** What the training steps run: the model, or in a distributed run its DistributedDataParallel. */
  trainModel: Layer;
  /** This process's rank in a distributed run (rank 0 of 1 otherwise). */
  world: RunWorld;
  modelOptions: ModelOptions;
  optimizer: SGD;
  startEpoch: number;
  bestTop1: number;
  bestEpoch: number;
  lastRow: EpochMetrics | null;
}

export /**
 * Builds everything a run needs; with --resume, restores it from DIR/last.state.safetensors and
 * rewrites the model checkpoints that a kill between the files left behind.
 */
function setUp(args: ParsedTrainArgs, say: (line: string) => void): Setup {
  let config = args.config;
  let ckpt: TrainState | null = null;
  const file = trainStateFile(config.out);
  if (config.resume) {
    if (!fs.existsSync(file)) {
      const old = fs.existsSync(lastCheckpoint(config.out)) ? ` (${lastCheckpoint(config.out)} is there, but a model checkpoint alone cannot resume a run)` : '';
      throw new UsageError(`--resume: ${file} does not exist${old || ' (no epoch of this run has finished; start it without --resume)'}`);
    }
    ckpt = loadTrainState(file);
    config = resumeConfig(ckpt.meta.args, config, args.given, file);
    for (const repaired of repairCheckpoints(ckpt, lastCheckpoint(config.out), bestCheckpoint(config.out))) say(`repaired ${repaired}`);
  }
  const world = joinWorld(config);
  if (config.threads !== null) setNumThreads(config.threads);
  const { device, message } = chooseDevice(config.device);
  say(message);
  // Runs saved before --val-split existed have none.
  const data = openData(config.dataset, config.data, config.augment, config.valSplit ?? 0);
  const modelOptions: ModelOptions = { numClasses: data.numClasses, inChannels: data.inputShape[0], recalibration: config.recalibration };
  // Runs saved before --recalibration-placement existed have none: after the batch norm.
  const placement = config.recalibrationPlacement ?? 'afterBn';
  if (config.recalibration !== 'none' && placement !== 'afterBn') modelOptions.placement = placement;
  if (config.recalibration === 'mssar') {
    // Runs saved before these settings existed have none: the defaults, which they trained with.
    modelOptions.scales = config.mssarScales ?? [...MSSAR_DEFAULTS.mssarScales];
    modelOptions.symmetric = config.mssarSymmetric ?? MSSAR_DEFAULTS.mssarSymmetric;
    modelOptions.initBias = config.mssarInitBias ?? MSSAR_DEFAULTS.mssarInitBias;
    // Only when set, so that the model options of runs without it read as they always did.
    if (config.mssarGlobal) modelOptions.global = true;
  }
  manualSeed(config.seed);
  const model = models.create(config.model, modelOptions);
  let startEpoch = 0;
  let bestTop1 = 0;
  let bestEpoch = 0;
  let lastRow: EpochMetrics | null = null;
  if (ckpt) loadModelState(ckpt, model, config.model, modelOptions);
  model.to(device);
  // Runs saved before --recalibration-weight-decay existed have none: the one weight decay.
  const recalibrationDecay = config.recalibrationWeightDecay ?? null;
  const optimizer = new SGD(model.namedParameters(), {
    lr: config.lr, momentum: config.momentum, nesterov: config.nesterov, weightDecay: config.weightDecay,
    weightDecayFor: (name) => (recalibrationDecay !== null && isRecalibrationParameter(name) ? recalibrationDecay : null),
  });
  if (ckpt) {
    loadOptimizerState(ckpt, optimizer, model.namedParameters());
    setRngState(ckpt.meta.rngState);
    startEpoch = ckpt.meta.epoch;
    bestTop1 = ckpt.meta.bestTop1;
    bestEpoch = ckpt.meta.bestEpoch;
    lastRow = ckpt.meta.metrics;
  }
  // Every rank starts from rank 0's weights (the same anyway: same seed, or the same training state).
  // Buffers are not broadcast at every forward (one synchronization less per step): a training-mode
  // forward does not read the running statistics, and the loop gives every rank rank 0's before
  // each evaluation (loop.ts), which is also what rank 0 checkpoints.
  const trainModel = world.size > 1 ? new DistributedDataParallel(model, { broadcastBuffers: false }) : model;
  return { config, device, data, model, trainModel, world, modelOptions, optimizer, startEpoch, bestTop1, bestEpoch, lastRow };
}

/**
 * Whether to leave out an epoch's last, partial global batch of m samples: when a rank would get
 * fewer than 2 samples of it (batch norm needs two to have a variance). One process: m = 1.
 */
function dropLastBatch(n: number, globalBatch: number, ranks: number): boolean {
  const m = n % globalBatch;
  return m > 0 && m < 2 * ranks;
}

export function trainLoader(s: Setup): DataLoader {
  const { config, data } = s;
  const { size, rank } = s.world;
  return loader(data.train, {
    // --batch-size is the global batch: each rank reads its share of every one (LoaderOptions.shard).
    batchSize: config.batchSize / size, shuffle: true, transform: data.trainTransform, workers: config.workers, seed: config.seed,
    dropLast: dropLastBatch(data.train.length, config.batchSize, size), epoch: s.startEpoch, shard: { rank, count: size },
  });
}

export function testLoader(s: Setup): DataLoader {
  return evalLoader(s, s.data.test);
}

/** The loader of the validation set held out by --val-split, or null without one. */
export function valLoader(s: Setup): DataLoader | null {
  return s.data.val === null ? null : evalLoader(s, s.data.val);
}

function evalLoader(s: Setup, dataset: NativeDataset): DataLoader {
  const { size, rank } = s.world;
  // Sharded: each rank evaluates its share, and evaluate() sums the counts over the ranks.
  return loader(dataset, {
    batchSize: Math.max(1, Math.floor(s.config.evalBatchSize / size)), transform: s.data.evalTransform, workers: s.config.workers, seed: 0,
    shard: { rank, count: size },
  });
}

const AUGMENTATION_WORDS: Record<TrainConfig['augment'], string> = {
  standard: 'standard augmentation (random crops and flips)', flip: 'random horizontal flips', none: 'no augmentation',
};

/** The recipe in one line, for the run's header. */
export function describeRecipe(c: TrainConfig): string {
  const recal = c.recalibrationWeightDecay !== null && c.recalibrationWeightDecay !== undefined ? ` (${c.recalibrationWeightDecay} on SE and MS-SAR)` : '';
  const placed = c.recalibration !== 'none' && (c.recalibrationPlacement ?? 'afterBn') === 'beforeBn' ? `, ${c.recalibration === 'se' ? 'SE' : 'MS-SAR'} before the last batch norm` : '';
  const sgd = `SGD lr ${c.lr}${c.nesterov ? ' nesterov' : ''} momentum ${c.momentum} weight decay ${c.weightDecay}${recal}`;
  const warm = c.warmup > 0 ? ` after ${c.warmup} warm-up epochs` : '';
  const ls = c.labelSmoothing > 0 ? `, label smoothing ${c.labelSmoothing}` : '';
  return `${c.epochs} epochs, batch ${c.batchSize}, ${sgd}, ${c.schedule} schedule${warm}${ls}, ${AUGMENTATION_WORDS[c.augment]}${placed}`;
}
