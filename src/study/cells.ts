// The runs of a study's grid (one per configuration and seed), where each lives and how far it got:
// finished (metrics.jsonl has every epoch and the training state is there), resumable (a training
// state, not every epoch), or new.
import * as fs from 'fs';
import * as path from 'path';
import { readMetrics, EpochMetrics } from '../train/metrics';
import { UsageError } from '../cli/command';
import { LATER_SETTINGS, TrainConfig } from '../train/config';
import { parseTrainArgs } from '../train/args';
import { readRunInfo, trainStateFile } from '../train/rundir';
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

/** The run's state; `rows` are its metrics when the caller has just read them (read here otherwise). */
export function cellState(dir: string, epochs: number, rows?: readonly EpochMetrics[]): CellState {
  if (!fs.existsSync(trainStateFile(dir))) return 'new';
  const done = new Set((rows ?? readMetrics(dir)).map((r) => r.epoch));
  for (let e = 1; e <= epochs; e++) if (!done.has(e)) return 'resume';
  return 'finished';
}

/** Whether the folder holds anything of an earlier attempt (which a new run then replaces with --overwrite). */
export function hasFiles(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f !== 'train.log');
}

// The settings a configuration's name fixes. A finished run is skipped and a resumed one continues
// with its own saved settings, so a run trained under another meaning of its name (a default that
// changed since) must be caught here, not by train --resume.
// MS-SAR's settings are compared only for MS-SAR runs, placement and weight decay only for SE and
// MS-SAR: the others ignore them, and a changed MS-SAR default must not refuse a plain run.
function variantSettings(recalibration: string): (keyof TrainConfig)[] {
  const keys: (keyof TrainConfig)[] = ['recalibration', 'seed'];
  if (recalibration !== 'none') keys.push('recalibrationPlacement', 'recalibrationWeightDecay');
  if (recalibration === 'mssar') keys.push('mssarScales', 'mssarSymmetric', 'mssarInitBias', 'mssarGlobal');
  return keys;
}

/**
 * Refuses runs of the grid whose run.json records other values of the settings their name fixes
 * than the name means now (naming each run and setting); runs without run.json are not checked.
 */
export function checkCellSettings(cells: Cell[]): void {
  const problems: string[] = [];
  for (const c of cells) {
    const saved = readRunInfo(c.dir)?.config;
    if (saved === undefined) continue;
    const want = parseTrainArgs(c.flags).config;
    const had = { ...(LATER_SETTINGS as Partial<TrainConfig>), ...saved };
    const differ = variantSettings(want.recalibration).filter((k) => JSON.stringify(want[k]) !== JSON.stringify(had[k]))
      .map((k) => `${k} ${JSON.stringify(had[k])} (the name means ${JSON.stringify(want[k])})`);
    if (differ.length > 0) problems.push(`${cellName(c)} was trained with ${differ.join(', ')}`);
  }
  if (problems.length > 0) {
    throw new UsageError(`these runs were trained as other configurations than their names mean now (a default changed since?): ${problems.join('; ')}. ` +
      'Move them to a directory named for what they are (e.g. mssar-bias0-seed0), or give another --out.');
  }
}
