// A training run from start (or resume) to finish: set up (setup.ts), the run directory made ready,
// the run announced, then the epoch loop (loop.ts) or, with --profile, the op table of one step.
import * as fs from 'fs';
import * as path from 'path';
import { getNumThreads } from '../backends';
import { checkBool, checkObject, checkOptions, fail } from '../check';
import type { Layer } from '../nn';
import { DistributedDataParallel } from '../nn/distributed_data_parallel';
import type { SGD } from '../optim';
import { formatProfile, profile } from '../profiler';
import { parseTrainArgs, ParsedTrainArgs } from './args';
import type { TrainConfig } from './config';
import { StopRequest } from './interrupt';
import { acquireRunLock } from './lock';
import { EpochLoop, pct, Voice } from './loop';
import { EpochMetrics, rewindMetrics } from './metrics';
import { formatDuration, Progress, ProgressStream } from './progress';
import { checkNewRunDir, prepareNewRunDir, readRunCode, removeStaleTemps, writeRunInfo } from './rundir';
import { codeCommit } from '../code_version';
import { version } from '../version';
import { describeRecipe, Setup, setUp, testLoader, trainLoader, valLoader } from './setup';
import { trainStep } from './step';
import { joinWorld } from './world';

/** Where the output of ranks other than 0 goes. */
const SILENT: ProgressStream = { write: () => true };

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

function voiceOf(hooks: RunHooks): Voice {
  const progress = new Progress(hooks.stdout ?? process.stdout, { tty: hooks.tty });
  const stderr = hooks.stderr ?? process.stderr;
  return {
    progress,
    say: (line) => progress.line(line),
    warn: (line) => {
      progress.clear();
      stderr.write(`${line}\n`);
    },
  };
}

/**
 * Makes the run directory ready: a new run's emptied, a resumed run's metrics rewound to its
 * training state. Returns the result of a resumed run with no epoch left to train, else null.
 */
function prepareRunDir(s: Setup, fresh: boolean, say: (line: string) => void): RunResult | null {
  const { config } = s;
  if (fresh) prepareNewRunDir(config.out, config.overwrite);
  removeStaleTemps(config.out);
  if (!config.resume) return null;
  rewindMetrics(config.out, s.startEpoch, s.lastRow);
  if (s.startEpoch < config.epochs) return null;
  say(`${config.out} has finished its ${s.startEpoch} epochs (best top-1 ${pct(s.bestTop1)}); give --epochs N with N > ${s.startEpoch} to train longer`);
  return { outcome: 'already-done', exitCode: 0, epochsDone: s.startEpoch, bestTop1: s.bestTop1, rows: [], config };
}

/** Writes run.json and says what is about to be trained, on what, where. */
function announce(s: Setup, say: (line: string) => void): void {
  const { config, data, model, device } = s;
  const started = new Date().toISOString();
  // A resumed run keeps the record of the code that trained its earlier epochs.
  const before = config.resume ? readRunCode(config.out) : [];
  const code = [...before, { commit: codeCommit(), version: version(), fromEpoch: s.startEpoch + 1, started }];
  writeRunInfo(config.out, {
    name: path.basename(path.resolve(config.out)), dataset: config.dataset, model: config.model, recalibration: config.recalibration,
    parameters: model.numParameters(), device, config, command: process.argv.slice(2), started, code,
  });
  const [c, h, w] = data.inputShape;
  say(`${config.model} + ${config.recalibration} (${model.numParameters().toLocaleString('en-US')} parameters) on ${config.dataset}: ` +
    `${data.train.length} training${data.val ? `, ${data.val.length} validation (--val-split ${config.valSplit})` : ''} and ${data.test.length} test images of ${h}x${w}x${c}, ${data.numClasses} classes, from ${data.dir}`);
  say(`recipe: ${describeRecipe(config)}`);
  if (device === 'cpu') say(`cpu: ${getNumThreads()} thread${getNumThreads() > 1 ? 's' : ''}, ${config.workers} loader worker${config.workers > 1 ? 's' : ''}`);
  say(`run directory: ${config.out}${config.resume ? ` (resuming after epoch ${s.startEpoch}, best top-1 ${pct(s.bestTop1)})` : ''}`);
}

/** The epoch loop with its stop request and loaders, closed whatever way it ends. */
async function trainEpochs(s: Setup, voice: Voice, hooks: RunHooks): Promise<RunResult> {
  const stop = hooks.stop ?? new StopRequest().attach();
  const train = trainLoader(s);
  const test = testLoader(s);
  const val = valLoader(s);
  try {
    return await new EpochLoop(s, voice, hooks, stop, train, test, val).run();
  } finally {
    if (!hooks.stop) stop.detach();
    train.close();
    test.close();
    val?.close();
    voice.progress.clear();
  }
}

/** runTraining's arguments as parseTrainArgs makes them: every key of the defaults with the same type. */
function checkRunArgs(args: ParsedTrainArgs, hooks: RunHooks): void {
  checkObject('runTraining', 'args', args, 'the result of parseTrainArgs');
  checkObject('runTraining', 'args.config', args.config, 'a training config (parseTrainArgs)');
  checkBool('runTraining', 'args.help', args.help);
  const reference = parseTrainArgs([]).config as unknown as Record<string, unknown>;
  const given = args.config as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(reference)) {
    if (v !== undefined && v !== null && typeof given[k] !== typeof v) fail('runTraining', `args.config.${k}`, `a ${typeof v} (parseTrainArgs)`, given[k]);
  }
  if (!(args.given instanceof Set)) fail('runTraining', 'args.given', 'a Set of config keys (parseTrainArgs)', args.given);
  checkOptions('runTraining', 'hooks', hooks, ['stdout', 'stderr', 'tty', 'stop', 'onBatch', 'onEpoch']);
  if (hooks.tty !== undefined) checkBool('runTraining', 'hooks.tty', hooks.tty);
}

/** Runs (or resumes) a training run as `args` says. Errors in the setup are thrown; the ends of a run are in the result. */
export async function runTraining(args: ParsedTrainArgs, hooks: RunHooks = {}): Promise<RunResult> {
  checkRunArgs(args, hooks);
  // In a distributed run, rank 0 alone speaks and touches the run directory; the others train.
  const world = joinWorld(args.config);
  if (world.rank !== 0) return runLocked(args, { ...hooks, stdout: SILENT, stderr: SILENT, tty: false }, voiceOf({ stdout: SILENT, stderr: SILENT, tty: false }), false);
  const voice = voiceOf(hooks);
  const fresh = !args.config.resume && !args.config.profile;
  // Refuse an existing run before anything is loaded; change the directory only once all is ready.
  if (fresh) checkNewRunDir(args.config.out, args.config.overwrite);
  // One live process per run directory (a new run or a resume); not for --profile, which writes nothing.
  const existed = fs.existsSync(args.config.out);
  const lock = args.config.profile ? null : acquireRunLock(args.config.out);
  try {
    return await runLocked(args, hooks, voice, fresh);
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

/** The run itself, its directory locked. */
async function runLocked(args: ParsedTrainArgs, hooks: RunHooks, voice: Voice, fresh: boolean): Promise<RunResult> {
  const s = setUp(args, voice.say);
  try {
    if (s.config.profile) {
      await profileStep(s, voice.say);
      return { outcome: 'profiled', exitCode: 0, epochsDone: 0, bestTop1: 0, rows: [], config: s.config };
    }
    if (s.world.rank === 0) {
      const done = prepareRunDir(s, fresh, voice.say);
      if (done) return done;
      announce(s, voice.say);
    } else if (s.startEpoch >= s.config.epochs) {
      return { outcome: 'already-done', exitCode: 0, epochsDone: s.startEpoch, bestTop1: s.bestTop1, rows: [], config: s.config };
    }
    return await trainEpochs(s, voice, hooks);
  } finally {
    if (s.trainModel instanceof DistributedDataParallel) s.trainModel.detach();
    s.model.dispose();
    s.optimizer.dispose();
  }
}
