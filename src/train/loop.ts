// The epoch loop of a run: train an epoch, evaluate, write the metrics and the checkpoints, and end
// when the epochs are done or early (a stop request, a diverged loss, --stop-after).
import { evaluate, EvalResult } from './evaluate';
import { trainEpoch, EpochTotals } from './epoch';
import type { StopRequest } from './interrupt';
import { appendMetrics, EpochMetrics } from './metrics';
import { formatDuration, Progress } from './progress';
import { bestCheckpoint, lastCheckpoint, trainStateFile } from './rundir';
import { saveCheckpoint, saveTrainState } from './checkpoint';
import { sumOfSquares } from './step';
import { isFloatDType } from '../dtypes';
import { namedSchedule, Schedule } from '../optim';
import type { DataLoader } from '../data';
import type { RunHooks, RunResult } from './run';
import { Setup } from './setup';
import { sumOverRanks } from './world';
import { DistributedDataParallel } from '../nn/distributed_data_parallel';

export const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

/** Where a run speaks: progress and results on stdout, warnings and early ends on stderr. */
export interface Voice {
  progress: Progress;
  say(line: string): void;
  warn(line: string): void;
}

export class EpochLoop {
  private readonly rows: EpochMetrics[] = [];
  private bestTop1: number;
  private bestEpoch: number;
  private epochsDone: number;
  /** Seconds per evaluated image, measured at the first evaluation (until then: a third of a trained one). */
  private evalSecondsPerImage: number | null = null;
  private readonly schedule: Schedule;
  private readonly batches: number;
  private readonly evalImages: number;
  private readonly resumeHint: string;

  constructor(private readonly s: Setup, private readonly voice: Voice, private readonly hooks: RunHooks,
    private readonly stop: StopRequest, private readonly train: DataLoader, private readonly test: DataLoader,
    private readonly val: DataLoader | null = null) {
    const { config, data } = s;
    this.bestTop1 = s.bestTop1;
    this.bestEpoch = s.bestEpoch;
    this.epochsDone = s.startEpoch;
    this.schedule = namedSchedule(config.schedule, config.lr, config.epochs, config.warmup);
    this.batches = config.maxBatches ? Math.min(config.maxBatches, train.length) : train.length;
    const evalBatches = config.maxBatches ? Math.min(config.maxBatches, test.length) : test.length;
    const valBatches = val === null ? 0 : config.maxBatches ? Math.min(config.maxBatches, val.length) : val.length;
    this.evalImages = Math.min(data.test.length, evalBatches * config.evalBatchSize) +
      Math.min(data.val?.length ?? 0, valBatches * config.evalBatchSize);
    this.resumeHint = `npx mssar train --out ${config.out} --resume`;
  }

  /** Every remaining epoch, or until the run ends early; the result says how it ended. */
  async run(): Promise<RunResult> {
    const runStart = performance.now();
    for (let epoch = this.s.startEpoch; epoch < this.s.config.epochs; epoch++) {
      if (this.stop.stopRequested) return this.interrupted(`before epoch ${epoch + 1}`);
      const early = await this.epoch(epoch);
      if (early) return early;
    }
    return this.finished((performance.now() - runStart) / 1000);
  }

  /** One epoch: trained, evaluated, recorded; a result when the run ends here, else null. */
  private async epoch(epoch: number): Promise<RunResult | null> {
    const { config } = this.s;
    const epochStart = performance.now();
    const outcome = await trainEpoch({
      model: this.s.trainModel, world: this.s.world, optimizer: this.s.optimizer, loader: this.train, device: this.s.device, schedule: this.schedule,
      labelSmoothing: config.labelSmoothing, epoch, epochs: config.epochs, batches: this.batches, progress: this.voice.progress,
      stop: this.stop, onBatch: this.hooks.onBatch,
      eta: (batch, perImage) => (this.batches - batch + (config.epochs - epoch - 1) * this.batches) * config.batchSize * perImage +
        (config.epochs - epoch) * this.evalImages * (this.evalSecondsPerImage ?? perImage / 3),
    });
    if (outcome.kind === 'interrupted') {
      return this.interrupted(`at epoch ${epoch + 1}, batch ${outcome.batch}/${this.batches} (this epoch's progress is not kept)`);
    }
    if (outcome.kind === 'diverged') {
      return this.diverged(`the ${outcome.what ?? 'loss'} is ${outcome.loss} at epoch ${epoch + 1}, batch ${outcome.batch}/${this.batches} ` +
        `(lr ${outcome.totals.lr.toPrecision(3)})`);
    }
    this.voice.progress.status(`epoch ${epoch + 1}/${config.epochs}: evaluating on ${this.evalImages} ${this.val ? 'validation and ' : ''}test images`);
    // The last good checkpoint never holds NaN or Inf: the parameters (and batch-norm buffers) are
    // checked before this epoch counts (one host read per epoch).
    const { model, trainModel } = this.s;
    // Every rank evaluates rank 0's running statistics (the last step updated each rank's own).
    if (trainModel instanceof DistributedDataParallel) trainModel.shareBuffers();
    const paramNorm2 = sumOfSquares([...model.parameters(), ...model.buffers().filter((t) => isFloatDType(t.dtype))]);
    if (!Number.isFinite(paramNorm2)) return this.diverged(`the parameters' squared norm is ${paramNorm2} after epoch ${epoch + 1}`);
    const ev = await evaluate(this.s.model, this.test, this.s.device, { maxBatches: config.maxBatches });
    const vev = this.val ? await evaluate(this.s.model, this.val, this.s.device, { maxBatches: config.maxBatches }) : null;
    this.evalSecondsPerImage = (ev.seconds + (vev?.seconds ?? 0)) / (ev.images + (vev?.images ?? 0));
    const row = this.record(epoch, outcome.totals, ev, vev, epochStart);
    this.hooks.onEpoch?.(row);
    if (config.stopAfter !== null && this.epochsDone === config.stopAfter && this.epochsDone < config.epochs) {
      this.voice.say(`stopped after epoch ${this.epochsDone} as --stop-after asked; resume with: ${this.resumeHint}`);
      return this.result('stopped', 0);
    }
    return null;
  }

  /** The epoch's metrics row, its checkpoints and its line of output. */
  private record(epoch: number, totals: EpochTotals, ev: EvalResult, vev: EvalResult | null, epochStart: number): EpochMetrics {
    const { config, data, model, optimizer } = this.s;
    this.epochsDone = epoch + 1;
    // With a validation set, it alone chooses the best checkpoint: the test set stays unseen.
    const chosenBy = vev ?? ev;
    if (chosenBy.top1 > this.bestTop1 || this.bestEpoch === 0) {
      this.bestTop1 = chosenBy.top1;
      this.bestEpoch = this.epochsDone;
    }
    const { lr, seconds: trainSeconds } = totals;
    // A distributed run's figures are those of all ranks together.
    const [lossSum, correct, seen] = sumOverRanks(this.s.world, [totals.lossSum, totals.correct, totals.images]);
    const row: EpochMetrics = {
      epoch: this.epochsDone, train_loss: lossSum / seen, train_acc: correct / seen, test_loss: ev.loss, top1: ev.top1, top5: ev.top5,
      ...(vev ? { val_loss: vev.loss, val_top1: vev.top1, val_images: vev.images } : {}),
      lr, best_top1: this.bestTop1, train_images: seen, test_images: ev.images, steps: optimizer.stateDict().scalars.step,
      images_per_s: seen / trainSeconds, seconds: 0, eval_seconds: ev.seconds, time: '',
    };
    const meta = {
      epoch: this.epochsDone, bestTop1: this.bestTop1, bestEpoch: this.bestEpoch, model: config.model, modelOptions: this.s.modelOptions,
      dataset: config.dataset, classes: data.train.classes, inputShape: data.inputShape, args: config, loaderSeed: config.seed, metrics: row,
      device: this.s.device,
    };
    // The training state first: it alone decides where a resumed run starts, and the model
    // checkpoints after it are rebuilt from it on resume if a kill comes in between.
    // Rank 0 alone writes (every rank holds the same weights and optimizer state).
    const writer = this.s.world.rank === 0;
    if (writer) {
      const weights = model.storedStateDict();
      saveTrainState(trainStateFile(config.out), { weights, optimizer, meta });
      saveCheckpoint(lastCheckpoint(config.out), weights, meta);
      if (this.bestEpoch === this.epochsDone) saveCheckpoint(bestCheckpoint(config.out), weights, meta);
    }
    row.seconds = (performance.now() - epochStart) / 1000;
    row.time = new Date().toISOString();
    if (writer) appendMetrics(config.out, row);
    this.rows.push(row);
    this.voice.say(`epoch ${this.epochsDone}/${config.epochs}  train loss ${row.train_loss.toFixed(4)} acc ${pct(row.train_acc)}  ` +
      `${vev ? `val top-1 ${pct(vev.top1)}  ` : ''}test loss ${row.test_loss.toFixed(4)} top-1 ${pct(row.top1)} top-5 ${pct(row.top5)}  lr ${lr.toPrecision(3)}  ` +
      `${row.images_per_s.toFixed(1)} img/s  ${formatDuration(row.seconds)}${this.bestEpoch === this.epochsDone ? '  (best)' : ''}`);
    return row;
  }

  private result(outcome: RunResult['outcome'], exitCode: number): RunResult {
    return { outcome, exitCode, epochsDone: this.epochsDone, bestTop1: this.bestTop1, rows: this.rows, config: this.s.config };
  }

  private checkpointState(kind: string, state: string): string {
    return this.epochsDone > 0
      ? `the last${kind} checkpoint, ${lastCheckpoint(this.s.config.out)} (epoch ${this.epochsDone}), is ${state}`
      : 'no epoch had finished, so there is no checkpoint';
  }

  private interrupted(where: string): RunResult {
    this.voice.warn(`interrupted by ${this.stop.receivedSignal ?? 'a stop request'} ${where}; ${this.checkpointState('', 'intact')}.`);
    if (this.epochsDone > 0) this.voice.warn(`resume with: ${this.resumeHint}`);
    return this.result('interrupted', 130);
  }

  /** `what` says what went non-finite and where. */
  private diverged(what: string): RunResult {
    this.voice.warn(`training diverged: ${what}; stopped; ${this.checkpointState(' good', 'kept')}. ` +
      'A lower --lr or a longer --warmup may help.');
    return this.result('diverged', 1);
  }

  private finished(seconds: number): RunResult {
    const { config, lastRow } = this.s;
    const final = this.rows.length ? this.rows[this.rows.length - 1].top1 : lastRow?.top1 ?? 0;
    this.voice.say(`done: ${config.epochs} epochs in ${formatDuration(seconds)}; final top-1 ${pct(final)}, ` +
      `best ${this.val ? 'validation ' : ''}top-1 ${pct(this.bestTop1)} (epoch ${this.bestEpoch}); checkpoints ${lastCheckpoint(config.out)} and ${bestCheckpoint(config.out)}`);
    return this.result('finished', 0);
  }
}
