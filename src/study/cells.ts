// The runs of a study's grid (one per configuration and seed), where each lives and how far it got:
// finished (metrics.jsonl has every epoch and the training state is there), resumable (a training
// state, not every epoch), or new.
import * as fs from 'fs';
import * as path from 'path';
import { readMetrics, EpochMetrics } from '../train/metrics';
import { trainStateFile } from '../train/rundir';
import { runFlags, StudyArgs } from './args';
import type { Variant } from './variants';

export type CellState = 'finished' | 'resume' | 'new';

export interface Cell {
  variant: Variant;
  seed: number;
  /** DIR/<configuration>-seed<k>. */
  dir: string;
  /** The `mssar train` flags of the run (without --resume or --overwrite). */
  flags: string[];
}

export function cellName(c: Pick<Cell, 'variant' | 'seed'>): string {
  return `${c.variant.name}-seed${c.seed}`;
}

/** Every run of the grid, configuration by configuration, seeds in order. */
export function gridCells(a: StudyArgs): Cell[] {
  return a.variants.flatMap((variant) => a.seeds.map((seed) => {
    const dir = path.join(a.out, `${variant.name}-seed${seed}`);
    return { variant, seed, dir, flags: runFlags(a, variant, seed, dir) };
  }));
}

/** The epochs 1..epochs of the run's metrics, or fewer when it has not finished them. */
export function cellRows(dir: string): EpochMetrics[] {
  return readMetrics(dir);
}

export function cellState(dir: string, epochs: number): CellState {
  if (!fs.existsSync(trainStateFile(dir))) return 'new';
  const done = new Set(readMetrics(dir).map((r) => r.epoch));
  for (let e = 1; e <= epochs; e++) if (!done.has(e)) return 'resume';
  return 'finished';
}

/** Whether the folder holds anything of an earlier attempt (which a new run then replaces with --overwrite). */
export function hasFiles(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f !== 'train.log');
}
