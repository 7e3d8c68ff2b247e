// DIR/metrics.jsonl: one JSON object per finished epoch, appended as the epoch ends.
import { show } from '../check';
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../io';

export interface EpochMetrics {
  /** Epochs done (1 for the first). */
  epoch: number;
  train_loss: number;
  train_acc: number;
  test_loss: number;
  top1: number;
  top5: number;
  /** On the validation set held out by --val-split (absent without one). */
  val_loss?: number;
  val_top1?: number;
  val_images?: number;
  /** The learning rate of the epoch's last step. */
  lr: number;
  /**
   * Best top-1 so far, this epoch included, of the split that chooses best.safetensors: the
   * validation set with --val-split, else the test set.
   */
  best_top1: number;
  train_images: number;
  test_images: number;
  /** Optimizer steps since the start of the run. */
  steps: number;
  // Timing: the fields a resumed run does not reproduce.
  /** Training images per second (evaluation excluded). */
  images_per_s: number;
  /** Wall time of the epoch, evaluation and checkpoint included. */
  seconds: number;
  eval_seconds: number;
  /** When the epoch ended (ISO 8601). */
  time: string;
}

/** The fields that depend on the machine's speed rather than on the computation. */
export const TIMING_FIELDS: readonly (keyof EpochMetrics)[] = ['images_per_s', 'seconds', 'eval_seconds', 'time'];

export function metricsFile(dir: string): string {
  return path.join(dir, 'metrics.jsonl');
}

export function appendMetrics(dir: string, row: EpochMetrics): void {
  fs.appendFileSync(metricsFile(dir), `${JSON.stringify(row)}\n`);
}

/**
 * The rows of DIR/metrics.jsonl ([] when there is none); a malformed line is an Error naming it,
 * except a torn final line (a process killed while appending it: no newline at its end, not
 * JSON), which is dropped with a warning.
 */
export function readMetrics(dir: string, warn: (message: string) => void = (m) => process.emitWarning(m)): EpochMetrics[] {
  if (typeof dir !== 'string' || dir === '') throw new Error(`readMetrics: dir must be a non-empty path, got ${show(dir)}`);
  const file = metricsFile(dir);
  if (!fs.existsSync(file)) return [];
  const rows: EpochMetrics[] = [];
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      if (i === lines.length - 1 && !text.endsWith('\n')) {
        warn(`${file}:${i + 1}: dropped a torn last line (the process writing it was stopped mid-line): ${JSON.stringify(line.slice(0, 60))}`);
        return;
      }
      throw new Error(`${file}:${i + 1}: not a JSON line`);
    }
    if (typeof row !== 'object' || row === null || typeof (row as EpochMetrics).epoch !== 'number') {
      throw new Error(`${file}:${i + 1}: not an epoch's metrics (no "epoch" number)`);
    }
    rows.push(row as EpochMetrics);
  });
  return rows;
}

/**
 * Makes DIR/metrics.jsonl hold exactly the epochs up to `epoch`, as a resumed run continues from
 * there: later lines (an epoch whose checkpoint was not written) go, and the checkpoint's own row
 * is put back when it is missing.
 */
export function rewindMetrics(dir: string, epoch: number, lastRow: EpochMetrics | null): void {
  const rows = readMetrics(dir).filter((r) => r.epoch <= epoch);
  if (lastRow && !rows.some((r) => r.epoch === lastRow.epoch)) rows.push(lastRow);
  rows.sort((a, b) => a.epoch - b.epoch);
  writeFileAtomic(metricsFile(dir), [Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''))]);
}
