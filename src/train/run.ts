// A training run from start (or resume) to finish: the model, optimizer, schedule and loaders, the
// epoch loop with its evaluation, metrics and checkpoints, and the ways it can end early.
import { acquireRunLock } from './lock';
import { checkObject, checkOptions, checkBool, fail, fail as failArg } from '../check';
import * as fs from 'fs';
import * as path from 'path';
import { getNumThreads, setNumThreads } from '../backends';
import { manualSeed, setRngState } from '../creation';
import { loader, DataLoader } from '../data';
import * as models from '../models';
import type { ModelOptions } from '../models';
import type { Device } from '../native';
import type { Layer } from '../nn';
import { namedSchedule, Schedule, SGD } from '../optim';
import { formatProfile, profile } from '../profiler';
import { UsageError } from '../cli/command';
import type { ParsedTrainArgs } from './args';
import { parseTrainArgs } from './args';
import { loadModelState, loadOptimizerState, loadTrainState, repairCheckpoints, saveCheckpoint, saveTrainState, TrainState } from './checkpoint';
import type { TrainConfig } from './config';
import { openData, RunData } from './datasets';
import { chooseDevice } from './device';
import { evaluate } from './evaluate';
import { StopRequest } from './interrupt';
import { appendMetrics, EpochMetrics, rewindMetrics } from './metrics';
import { formatDuration, Progress, ProgressStream } from './progress';
import { bestCheckpoint, checkNewRunDir, lastCheckpoint, prepareNewRunDir, removeStaleTemps, resumeConfig, trainStateFile, writeRunInfo } from './rundir';
import { trainStep, sumOfSquares } from './step';
import { trainEpoch } from './epoch';

export interface RunHooks {
  /** Where progress and results go (default process.stdout). */
  stdout?: ProgressStream;
  /** Where warnings and the reasons of an early end go (default process.stderr). */
  stderr?: ProgressStream;
  /** Draw a progress bar (default: whether stdout is a terminal). */
  tty?: boolean;
  /** Stop requests (default: one listening for SIGINT and SIGTERM for the run's duration). */
  stop?: StopRequest;
  /** After every training batch (epoch 0-based, batch 1-based), with the model and optimizer being trained. */
  onBatch?(ctx: { epoch: number; batch: number; model: Layer; optimizer: SGD }): void;
  /** After every epoch's metrics are written. */
  onEpoch?(row: EpochMetrics): void;
}

export type RunOutcome = 'finished' | 'stopped' | 'interrupted' | 'diverged' | 'profiled' | 'already-done';

export interface RunResult {
  outcome: RunOutcome;
  /** The process exit code the CLI returns: 0 finished or stopped as asked, 130 interrupted, 1 diverged. */
  exitCode: number;
  epochsDone: number;
  bestTop1: number;
  rows: EpochMetrics[];
  config: TrainConfig;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

interface Setup {
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

/**
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

function trainLoader(s: Setup): DataLoader {
  const { config, data } = s;
  return loader(data.train, {
    batchSize: config.batchSize, shuffle: true, transform: data.trainTransform, workers: config.workers, seed: config.seed,
    // A last batch of one sample gives batch norm no variance to normalize with.
    dropLast: data.train.length % config.batchSize === 1, epoch: s.startEpoch,
  });
}

function testLoader(s: Setup): DataLoader {
  return loader(s.data.test, { batchSize: s.config.evalBatchSize, transform: s.data.evalTransform, workers: s.config.workers, seed: 0 });
}

/** --profile: a few warm-up steps on the first batch, then the op table of one step. */
async function profileStep(s: Setup, say: (line: string) => void): Promise<void> {
  const train = trainLoader(s);
  for await (const batch of train) {
    try {
      const step = (): void => {
        trainStep(s.model, s.optimizer, batch.images, batch.labels, batch.labelArray, s.device, s.config.labelSmoothing);
      };
      step();
      step();
      const p = profile(step);
      say(`one training step of ${s.config.model} (${s.config.recalibration}), batch ${batch.labelArray.length} of ` +
        `${batch.images.shape.slice(1).join('x')}, ${s.device}${s.device === 'cpu' ? `, ${getNumThreads()} threads` : ''}:\n`);
      say(formatProfile(p));
      say(`\n${(p.totalMs).toFixed(1)} ms per step: ${((1000 * batch.labelArray.length) / p.totalMs).toFixed(1)} images/s ` +
        `(${formatDuration((p.totalMs / 1000) * train.length)} per epoch of ${train.length} batches, evaluation excluded)`);
    } finally {
      batch.images.dispose();
      batch.labels.dispose();
    }
    break;
  }
  train.close();
}

const AUGMENTATION_WORDS: Record<TrainConfig['augment'], string> = {
  standard: 'standard augmentation (random crops and flips)', flip: 'random horizontal flips', none: 'no augmentation',
};

function describeRecipe(c: TrainConfig): string {
  const sgd = `SGD lr ${c.lr}${c.nesterov ? ' nesterov' : ''} momentum ${c.momentum} weight decay ${c.weightDecay}`;
  const warm = c.warmup > 0 ? ` after ${c.warmup} warm-up epochs` : '';
  const ls = c.labelSmoothing > 0 ? `, label smoothing ${c.labelSmoothing}` : '';
  return `${c.epochs} epochs, batch ${c.batchSize}, ${sgd}, ${c.schedule} schedule${warm}${ls}, ${AUGMENTATION_WORDS[c.augment]}`;
}

/** Runs (or resumes) a training run as `args` says. Errors in the setup are thrown; the ends of a run are in the result. */
export async function runTraining(args: ParsedTrainArgs, hooks: RunHooks = {}): Promise<RunResult> {
  checkObject('runTraining', 'args', args, 'the result of parseTrainArgs');
  checkObject('runTraining', 'args.config', args.config, 'a training config (parseTrainArgs)');
  checkBool('runTraining', 'args.help', args.help);
  // The config as parseTrainArgs makes it: every key of the defaults present with the same type.
  const reference = parseTrainArgs([]).config as unknown as Record<string, unknown>;
  const given = args.config as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(reference)) {
    if (v !== undefined && v !== null && typeof given[k] !== typeof v) failArg('runTraining', `args.config.${k}`, `a ${typeof v} (parseTrainArgs)`, given[k]);
  }
  if (!(args.given instanceof Set)) fail('runTraining', 'args.given', 'a Set of config keys (parseTrainArgs)', args.given);
  checkOptions('runTraining', 'hooks', hooks, ['stdout', 'stderr', 'tty', 'stop', 'onBatch', 'onEpoch']);
  if (hooks.tty !== undefined) checkBool('runTraining', 'hooks.tty', hooks.tty);
  const stdout = hooks.stdout ?? process.stdout;
  const stderr = hooks.stderr ?? process.stderr;
  const progress = new Progress(stdout, { tty: hooks.tty });
  const say = (line: string): void => progress.line(line);
  const warn = (line: string): void => {
    progress.clear();
    stderr.write(`${line}\n`);
  };

  const fresh = !args.config.resume && !args.config.profile;
  // Refuse an existing run before anything is loaded; change the directory only once all is ready.
  if (fresh) checkNewRunDir(args.config.out, args.config.overwrite);
  // One live process per run directory (a new run or a resume); not for --profile, which writes nothing.
  const existed = fs.existsSync(args.config.out);
  const lock = args.config.profile ? null : acquireRunLock(args.config.out);
  try {
    return await runLocked(args, hooks, fresh, say, warn, progress, stdout);
  } finally {
    lock?.release();
    // A directory made only to hold the lock (the run failed before writing anything) goes again.
    if (lock && !existed) {
      try {
        fs.rmdirSync(args.config.out);
      } catch {
        // not empty: the run wrote something
      }
    }
  }
}

async function runLocked(args: ParsedTrainArgs, hooks: RunHooks, fresh: boolean, say: (line: string) => void,
  warn: (line: string) => void, progress: Progress, stdout: ProgressStream): Promise<RunResult> {
  const s = setUp(args, say);
  const { config, device, data, model, optimizer } = s;
  try {
    if (config.profile) {
      await profileStep(s, say);
      return { outcome: 'profiled', exitCode: 0, epochsDone: 0, bestTop1: 0, rows: [], config };
    }
    const out = config.out;
    if (fresh) prepareNewRunDir(out, config.overwrite);
    removeStaleTemps(out);
    const resumeHint = `npx mssar train --out ${out} --resume`;
    if (config.resume) {
      rewindMetrics(out, s.startEpoch, s.lastRow);
      if (s.startEpoch >= config.epochs) {
        say(`${out} has finished its ${s.startEpoch} epochs (best top-1 ${pct(s.bestTop1)}); give --epochs N with N > ${s.startEpoch} to train longer`);
        return { outcome: 'already-done', exitCode: 0, epochsDone: s.startEpoch, bestTop1: s.bestTop1, rows: [], config };
      }
    }
    writeRunInfo(out, {
      name: path.basename(path.resolve(out)), dataset: config.dataset, model: config.model, recalibration: config.recalibration,
      parameters: model.numParameters(), device, config, command: process.argv.slice(2), started: new Date().toISOString(),
    });
    const train = trainLoader(s);
    const test = testLoader(s);
    const batches = config.maxBatches ? Math.min(config.maxBatches, train.length) : train.length;
    const evalBatches = config.maxBatches ? Math.min(config.maxBatches, test.length) : test.length;
    const evalImages = Math.min(data.test.length, evalBatches * config.evalBatchSize);
    const schedule: Schedule = namedSchedule(config.schedule, config.lr, config.epochs, config.warmup);
    const [c, h, w] = data.inputShape;
    say(`${config.model} + ${config.recalibration} (${model.numParameters().toLocaleString('en-US')} parameters) on ${config.dataset}: ` +
      `${data.train.length} training and ${data.test.length} test images of ${h}x${w}x${c}, ${data.numClasses} classes, from ${data.dir}`);
    say(`recipe: ${describeRecipe(config)}`);
    if (device === 'cpu') say(`cpu: ${getNumThreads()} thread${getNumThreads() > 1 ? 's' : ''}, ${config.workers} loader worker${config.workers > 1 ? 's' : ''}`);
    say(`run directory: ${out}${config.resume ? ` (resuming after epoch ${s.startEpoch}, best top-1 ${pct(s.bestTop1)})` : ''}`);

    const stop = hooks.stop ?? new StopRequest().attach();
    const rows: EpochMetrics[] = [];
    let bestTop1 = s.bestTop1;
    let bestEpoch = s.bestEpoch;
    let epochsDone = s.startEpoch;
    // Seconds per evaluated image, measured at the first evaluation (until then: a third of a trained one).
    let evalSecondsPerImage: number | null = null;
    const runStart = performance.now();
    const checkpointState = (kind: string, state: string): string => (epochsDone > 0
      ? `the last${kind} checkpoint, ${lastCheckpoint(out)} (epoch ${epochsDone}), is ${state}` : 'no epoch had finished, so there is no checkpoint');
    const interrupted = (where: string): RunResult => {
      warn(`interrupted by ${stop.receivedSignal ?? 'a stop request'} ${where}; ${checkpointState('', 'intact')}.`);
      if (epochsDone > 0) warn(`resume with: ${resumeHint}`);
      return { outcome: 'interrupted', exitCode: 130, epochsDone, bestTop1, rows, config };
    };

    try {
      for (let epoch = s.startEpoch; epoch < config.epochs; epoch++) {
        if (stop.stopRequested) return interrupted(`before epoch ${epoch + 1}`);
        const epochStart = performance.now();
        const outcome = await trainEpoch({
          model, optimizer, loader: train, device, schedule, labelSmoothing: config.labelSmoothing, epoch, epochs: config.epochs, batches,
          progress, stop, onBatch: hooks.onBatch,
          eta: (batch, perImage) => (batches - batch + (config.epochs - epoch - 1) * batches) * config.batchSize * perImage +
            (config.epochs - epoch) * evalImages * (evalSecondsPerImage ?? perImage / 3),
        });
        if (outcome.kind === 'interrupted') {
          return interrupted(`at epoch ${epoch + 1}, batch ${outcome.batch}/${batches} (this epoch's progress is not kept)`);
        }
        if (outcome.kind === 'diverged') {
          warn(`training diverged: the ${outcome.what ?? 'loss'} is ${outcome.loss} at epoch ${epoch + 1}, batch ${outcome.batch}/${batches} ` +
            `(lr ${outcome.totals.lr.toPrecision(3)}); stopped; ${checkpointState(' good', 'kept')}. ` +
            'A lower --lr or a longer --warmup may help.');
          return { outcome: 'diverged', exitCode: 1, epochsDone, bestTop1, rows, config };
        }
        const { lossSum, correct, images: seen, lr, seconds: trainSeconds } = outcome.totals;
        progress.status(`epoch ${epoch + 1}/${config.epochs}: evaluating on ${evalImages} test images`);
        // The last good checkpoint never holds NaN or Inf: the parameters (and batch-norm buffers) are
        // checked before this epoch counts (one host read per epoch).
        const paramNorm2 = sumOfSquares([...model.parameters(), ...model.buffers().filter((t) => t.dtype !== 'int32')]);
        if (!Number.isFinite(paramNorm2)) {
          warn(`training diverged: the parameters' squared norm is ${paramNorm2} after epoch ${epoch + 1}; stopped; ` +
            `${checkpointState(' good', 'kept')}. A lower --lr or a longer --warmup may help.`);
          return { outcome: 'diverged', exitCode: 1, epochsDone, bestTop1, rows, config };
        }
        const ev = await evaluate(model, test, device, { maxBatches: config.maxBatches });
        evalSecondsPerImage = ev.seconds / ev.images;
        epochsDone = epoch + 1;
        if (ev.top1 > bestTop1 || bestEpoch === 0) {
          bestTop1 = ev.top1;
          bestEpoch = epochsDone;
        }
        const row: EpochMetrics = {
          epoch: epochsDone, train_loss: lossSum / seen, train_acc: correct / seen, test_loss: ev.loss, top1: ev.top1, top5: ev.top5,
          lr, best_top1: bestTop1, train_images: seen, test_images: ev.images, steps: optimizer.stateDict().scalars.step,
          images_per_s: seen / trainSeconds, seconds: 0, eval_seconds: ev.seconds, time: '',
        };
        const meta = {
          epoch: epochsDone, bestTop1, bestEpoch, model: config.model, modelOptions: s.modelOptions, dataset: config.dataset,
          classes: data.train.classes, inputShape: data.inputShape, args: config, loaderSeed: config.seed, metrics: row, device,
        };
        // The training state first: it alone decides where a resumed run starts, and the model
        // checkpoints after it are rebuilt from it on resume if a kill comes in between.
        const weights = model.storedStateDict();
        saveTrainState(trainStateFile(out), { weights, optimizer, meta });
        saveCheckpoint(lastCheckpoint(out), weights, meta);
        if (bestEpoch === epochsDone) saveCheckpoint(bestCheckpoint(out), weights, meta);
        row.seconds = (performance.now() - epochStart) / 1000;
        row.time = new Date().toISOString();
        appendMetrics(out, row);
        rows.push(row);
        say(`epoch ${epochsDone}/${config.epochs}  train loss ${row.train_loss.toFixed(4)} acc ${pct(row.train_acc)}  ` +
          `test loss ${row.test_loss.toFixed(4)} top-1 ${pct(row.top1)} top-5 ${pct(row.top5)}  lr ${lr.toPrecision(3)}  ` +
          `${row.images_per_s.toFixed(1)} img/s  ${formatDuration(row.seconds)}${bestEpoch === epochsDone ? '  (best)' : ''}`);
        hooks.onEpoch?.(row);
        if (config.stopAfter !== null && epochsDone === config.stopAfter && epochsDone < config.epochs) {
          say(`stopped after epoch ${epochsDone} as --stop-after asked; resume with: ${resumeHint}`);
          return { outcome: 'stopped', exitCode: 0, epochsDone, bestTop1, rows, config };
        }
      }
    } finally {
      if (!hooks.stop) stop.detach();
      train.close();
      test.close();
      progress.clear();
    }
    const total = (performance.now() - runStart) / 1000;
    say(`done: ${config.epochs} epochs in ${formatDuration(total)}; final top-1 ${pct(rows.length ? rows[rows.length - 1].top1 : s.lastRow?.top1 ?? 0)}, ` +
      `best top-1 ${pct(bestTop1)} (epoch ${bestEpoch}); checkpoints ${lastCheckpoint(out)} and ${bestCheckpoint(out)}`);
    return { outcome: 'finished', exitCode: 0, epochsDone, bestTop1, rows, config };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
