// The run directory: what is in it, what a new run may replace, what a resumed run takes from it.
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../io';
import { UsageError } from '../cli/command';
import { FLAG_KEYS } from './args';
import { LATER_SETTINGS, RESUMABLE_CHANGES, TrainConfig } from './config';
import { metricsFile } from './metrics';

export const LAST = 'last.safetensors';
export const BEST = 'best.safetensors';
export const TRAIN_STATE = 'last.state.safetensors';
export const RUN_JSON = 'run.json';

export function lastCheckpoint(dir: string): string {
  return path.join(dir, LAST);
}

export function bestCheckpoint(dir: string): string {
  return path.join(dir, BEST);
}

/** The training state a resumed run starts from (the optimizer, generator and loader with the model). */
export function trainStateFile(dir: string): string {
  return path.join(dir, TRAIN_STATE);
}

/** The code that trained a run from one epoch on: one entry per start of the run (the first, then each --resume). */
export interface RunCode {
  /** codeCommit(): the git commit, ' (modified)' when tracked files differed from it; null outside a checkout. */
  commit: string | null;
  version: string;
  /** The first epoch this code trained (1 for a new run). */
  fromEpoch: number;
  started: string;
}

/** What `run.json` holds: the run's identity, for people and for `mssar plot`. */
export interface RunInfo {
  name: string;
  dataset: string;
  model: string;
  recalibration: string;
  parameters: number;
  device: string;
  config: TrainConfig;
  command: string[];
  started: string;
  /** Which code trained which epochs (absent in runs made before it was recorded). */
  code?: RunCode[];
}

export function writeRunInfo(dir: string, info: RunInfo): void {
  writeFileAtomic(path.join(dir, RUN_JSON), [Buffer.from(`${JSON.stringify(info, null, 2)}\n`)]);
}

export function readRunInfo(dir: string): RunInfo | null {
  const file = path.join(dir, RUN_JSON);
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RunInfo;
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
}

/** The code record of a run's run.json (RunInfo.code); empty where there is none or the file is unreadable. */
export function readRunCode(dir: string): RunCode[] {
  try {
    const code = readRunInfo(dir)?.code;
    return Array.isArray(code) ? code : [];
  } catch {
    return [];
  }
}

/** Temporary files of atomic writes that a killed process left behind (`.last.safetensors.<pid>.tmp`). */
export function staleTempFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /^\..+\.\d+\.tmp$/.test(f)).map((f) => path.join(dir, f));
}

/**
 * Refuses a directory that holds a run (metrics or checkpoints: at least one finished epoch) unless
 * `overwrite`. A run.json alone (a run stopped before its first epoch ended) does not count.
 */
export function checkNewRunDir(dir: string, overwrite: boolean): void {
  const existing = [metricsFile(dir), lastCheckpoint(dir), bestCheckpoint(dir), trainStateFile(dir)].filter((f) => fs.existsSync(f));
  if (existing.length > 0 && !overwrite) {
    throw new UsageError(`${dir} already holds a run (${existing.map((f) => path.basename(f)).join(', ')}): ` +
      'add --resume to continue it, --overwrite to replace it, or give another --out');
  }
}

/** Makes `dir` ready for a new run: created if needed, the files of a previous run removed. */
export function prepareNewRunDir(dir: string, overwrite: boolean): void {
  checkNewRunDir(dir, overwrite);
  for (const f of [metricsFile(dir), lastCheckpoint(dir), bestCheckpoint(dir), trainStateFile(dir), path.join(dir, RUN_JSON)]) fs.rmSync(f, { force: true });
  fs.mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir);
}

export function removeStaleTemps(dir: string): void {
  for (const f of staleTempFiles(dir)) fs.rmSync(f, { force: true });
}

const flagOf = (key: keyof TrainConfig): string => {
  const flags = Object.entries(FLAG_KEYS).filter(([, k]) => k === key).map(([f]) => f);
  return `--${flags[0] ?? key}`;
};

/**
 * The config of a resumed run: the checkpoint's, with the settings that may change (RESUMABLE_CHANGES)
 * taken from the command line when given there. Any other flag given with a different value is a
 * UsageError: resuming continues the same run.
 */
export function resumeConfig(saved: TrainConfig, cli: TrainConfig, given: Set<keyof TrainConfig>, file: string): TrainConfig {
  const merged: TrainConfig = { ...cli, ...(LATER_SETTINGS as Partial<TrainConfig>), ...saved };
  const conflicts: string[] = [];
  for (const key of given) {
    if (RESUMABLE_CHANGES.includes(key)) {
      (merged as unknown as Record<string, unknown>)[key] = cli[key];
    } else if (JSON.stringify(cli[key]) !== JSON.stringify(merged[key])) {
      conflicts.push(`${flagOf(key)} ${JSON.stringify(cli[key])} (the run has ${JSON.stringify(merged[key])})`);
    }
  }
  if (conflicts.length > 0) {
    throw new UsageError(`--resume continues the run of ${file} with its own settings; these differ: ${conflicts.join(', ')}. ` +
      `Only ${RESUMABLE_CHANGES.filter((k) => !['resume', 'out', 'profile', 'overwrite'].includes(k)).map(flagOf).join(', ')} may change.`);
  }
  merged.resume = true;
  merged.out = cli.out;
  merged.overwrite = false;
  merged.profile = cli.profile;
  // A planned stop belongs to the invocation that asked for it, not to the run.
  merged.stopAfter = given.has('stopAfter') ? cli.stopAfter : null;
  return merged;
}
