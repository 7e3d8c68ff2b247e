// One epoch of training: the batches of the loader, each a step at the schedule's rate for its
// fractional epoch, with the running loss and accuracy reported as it goes. It ends when the
// loader (or --max-batches) does, at a stop request, or at a loss that is not finite.
import type { DataLoader } from '../data';
import type { Device } from '../native';
import type { Layer } from '../nn';
import type { Schedule, SGD } from '../optim';
import type { StopRequest } from './interrupt';
import type { Progress } from './progress';
import { trainStep } from './step';
import { anyRank, RunWorld } from './world';

export interface EpochContext {
  model: Layer;
  optimizer: SGD;
  loader: DataLoader;
  device: Device;
  schedule: Schedule;
  labelSmoothing: number;
  /** 0-based. */
  epoch: number;
  epochs: number;
  /** Batches in this epoch (the loader's, or fewer with --max-batches). */
  batches: number;
  progress: Progress;
  stop: StopRequest;
  /** Seconds left in the run after this epoch's `batch` batches, given its training speed so far. */
  eta(batch: number, secondsPerImage: number): number;
  onBatch?(ctx: { epoch: number; batch: number; model: Layer; optimizer: SGD }): void;
  /** A distributed run's rank (rank 0 of 1 otherwise). */
  world?: RunWorld;
}

export interface EpochTotals {
  lossSum: number;
  correct: number;
  images: number;
  /** The rate of the last step. */
  lr: number;
  seconds: number;
}

export type EpochOutcome =
  | { kind: 'done'; totals: EpochTotals }
  | { kind: 'interrupted'; batch: number; totals: EpochTotals }
  | { kind: 'diverged'; batch: number; loss: number; totals: EpochTotals; what?: string };

export async function trainEpoch(ctx: EpochContext): Promise<EpochOutcome> {
  const { model, optimizer, epoch, batches } = ctx;
  const start = performance.now();
  const totals: EpochTotals = { lossSum: 0, correct: 0, images: 0, lr: optimizer.lr, seconds: 0 };
  const finish = <T extends EpochOutcome>(o: T): T => {
    totals.seconds = (performance.now() - start) / 1000;
    return o;
  };
  model.train();
  const world = ctx.world ?? { rank: 0, size: 1, localSize: 1 };
  const samples = ctx.loader.dataset.length;
  const globalBatch = ctx.loader.batchSize * world.size;
  let batch = 0;
  for await (const b of ctx.loader) {
    const n = b.labelArray.length;
    // The global rows of this batch: fewer than globalBatch only for the epoch's last one.
    const globalRows = Math.min(globalBatch, samples - b.index * globalBatch);
    const lossScale = world.size > 1 && globalRows !== globalBatch ? (n * world.size) / globalRows : 1;
    totals.lr = ctx.schedule(epoch + batch / batches);
    optimizer.lr = totals.lr;
    let result;
    try {
      result = trainStep(model, optimizer, b.images, b.labels, b.labelArray, ctx.device, ctx.labelSmoothing, lossScale);
    } finally {
      b.images.dispose();
      b.labels.dispose();
    }
    batch++;
    if (!Number.isFinite(result.loss)) return finish({ kind: 'diverged', batch, loss: result.loss, totals });
    if (!Number.isFinite(result.gradNorm2)) {
      return finish({ kind: 'diverged', batch, loss: result.gradNorm2, totals, what: 'squared gradient norm (the update was skipped)' });
    }
    totals.lossSum += result.loss * n;
    totals.correct += result.correct;
    totals.images += n;
    ctx.onBatch?.({ epoch, batch, model, optimizer });
    const elapsed = (performance.now() - start) / 1000;
    ctx.progress.batch({
      epoch, epochs: ctx.epochs, batch, batches, loss: totals.lossSum / totals.images, acc: totals.correct / totals.images, lr: totals.lr,
      imagesPerS: totals.images / elapsed, etaSeconds: ctx.eta(batch, elapsed / totals.images),
    });
    // Every rank stops at the same batch (the collectives must match).
    if (anyRank(world, ctx.stop.stopRequested) && batch < batches) return finish({ kind: 'interrupted', batch, totals });
    if (batch >= batches) break;
  }
  return finish({ kind: 'done', totals });
}
