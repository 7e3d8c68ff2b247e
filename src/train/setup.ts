// What a run is made of before its first step: the config (a resumed run's own), the device, the
// data, the model and optimizer (restored from the training state on --resume), and its loaders.
import * as fs from 'fs';
import { setNumThreads } from '../backends';
import { manualSeed, setRngState } from '../creation';
import { loader, DataLoader } from '../data';
import * as models from '../models';
import type { ModelOptions } from '../models';
import type { Device } from '../native';
import type { Layer } from '../nn';
import { SGD } from '../optim';
import { UsageError } from '../cli/command';
import type { ParsedTrainArgs } from './args';
import { loadModelState, loadOptimizerState, loadTrainState, repairCheckpoints, TrainState } from './checkpoint';
import { MSSAR_DEFAULTS, TrainConfig } from './config';
import { openData, RunData } from './datasets';
import { chooseDevice } from './device';
import type { EpochMetrics } from './metrics';
import { bestCheckpoint, lastCheckpoint, resumeConfig, trainStateFile } from './rundir';

export interface Setup {
  config: TrainConfig;
  device: Device;
  data: RunData;
  model: Layer;
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
  if (config.threads !== null) setNumThreads(config.threads);
  const { device, message } = chooseDevice(config.device);
  say(message);
  const data = openData(config.dataset, config.data, config.augment);
  const modelOptions: ModelOptions = { numClasses: data.numClasses, inChannels: data.inputShape[0], recalibration: config.recalibration };
  if (config.recalibration === 'mssar') {
    // Runs saved before these settings existed have none: the defaults, which they trained with.
    modelOptions.scales = config.mssarScales ?? [...MSSAR_DEFAULTS.mssarScales];
    modelOptions.symmetric = config.mssarSymmetric ?? MSSAR_DEFAULTS.mssarSymmetric;
    modelOptions.initBias = config.mssarInitBias ?? MSSAR_DEFAULTS.mssarInitBias;
  }
  manualSeed(config.seed);
  const model = models.create(config.model, modelOptions);
  let startEpoch = 0;
  let bestTop1 = 0;
  let bestEpoch = 0;
  let lastRow: EpochMetrics | null = null;
  if (ckpt) loadModelState(ckpt, model, config.model, modelOptions);
  model.to(device);
  const optimizer = new SGD(model.namedParameters(), {
    lr: config.lr, momentum: config.momentum, nesterov: config.nesterov, weightDecay: config.weightDecay,
  });
  if (ckpt) {
    loadOptimizerState(ckpt, optimizer, model.namedParameters());
    setRngState(ckpt.meta.rngState);
    startEpoch = ckpt.meta.epoch;
    bestTop1 = ckpt.meta.bestTop1;
    bestEpoch = ckpt.meta.bestEpoch;
    lastRow = ckpt.meta.metrics;
  }
  return { config, device, data, model, modelOptions, optimizer, startEpoch, bestTop1, bestEpoch, lastRow };
}

export function trainLoader(s: Setup): DataLoader {
  const { config, data } = s;
  return loader(data.train, {
    batchSize: config.batchSize, shuffle: true, transform: data.trainTransform, workers: config.workers, seed: config.seed,
    // A last batch of one sample gives batch norm no variance to normalize with.
    dropLast: data.train.length % config.batchSize === 1, epoch: s.startEpoch,
  });
}

export function testLoader(s: Setup): DataLoader {
  return loader(s.data.test, { batchSize: s.config.evalBatchSize, transform: s.data.evalTransform, workers: s.config.workers, seed: 0 });
}

const AUGMENTATION_WORDS: Record<TrainConfig['augment'], string> = {
  standard: 'standard augmentation (random crops and flips)', flip: 'random horizontal flips', none: 'no augmentation',
};

/** The recipe in one line, for the run's header. */
export function describeRecipe(c: TrainConfig): string {
  const sgd = `SGD lr ${c.lr}${c.nesterov ? ' nesterov' : ''} momentum ${c.momentum} weight decay ${c.weightDecay}`;
  const warm = c.warmup > 0 ? ` after ${c.warmup} warm-up epochs` : '';
  const ls = c.labelSmoothing > 0 ? `, label smoothing ${c.labelSmoothing}` : '';
  return `${c.epochs} epochs, batch ${c.batchSize}, ${sgd}, ${c.schedule} schedule${warm}${ls}, ${AUGMENTATION_WORDS[c.augment]}`;
}
