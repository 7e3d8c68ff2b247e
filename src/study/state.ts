// DIR/study.json: the settings a study's runs share, so that running the command again continues the
// same study. A changed setting is refused as `mssar train --resume` refuses one, naming the flag;
// the grid may grow (more configurations or seeds) and the settings that --resume lets change may
// change, except --max-batches, which would mix budgets in one study.
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../io';
import { UsageError } from '../cli/command';
import { FLAG_KEYS } from '../train/args';
import { LATER_SETTINGS, TrainConfig } from '../train/config';
import type { StudyArgs } from './args';

export const STUDY_JSON = 'study.json';
export const STUDY_FORMAT = 'mssar.study';

/** Settings of every run that the study sets per run, and those that may change between invocations. */
const PER_RUN: readonly (keyof TrainConfig)[] = ['recalibration', 'mssarScales', 'mssarSymmetric', 'mssarInitBias', 'mssarGlobal', 'seed', 'out', 'resume', 'overwrite', 'profile', 'stopAfter'];
export const STUDY_MAY_CHANGE: readonly (keyof TrainConfig)[] = ['epochs', 'data', 'device', 'workers', 'threads', 'evalBatchSize'];

export interface StudyFile {
  format: typeof STUDY_FORMAT;
  /** The runs' shared settings (the TrainConfig without the per-run keys). */
  settings: Partial<TrainConfig>;
  trainFlags: string[];
  configurations: string[];
  seeds: number[];
  updated: string;
}

export function sharedSettings(config: TrainConfig): Partial<TrainConfig> {
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(config)) if (!PER_RUN.includes(k as keyof TrainConfig)) out[k] = value;
  return out as Partial<TrainConfig>;
}

const flagOf = (key: string): string => `--${Object.entries(FLAG_KEYS).find(([, k]) => k === key)?.[0] ?? key}`;

export function readStudyFile(dir: string): StudyFile | null {
  const file = path.join(dir, STUDY_JSON);
  if (!fs.existsSync(file)) return null;
  let s: StudyFile;
  try {
    s = JSON.parse(fs.readFileSync(file, 'utf8')) as StudyFile;
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
  if (s.format !== STUDY_FORMAT) throw new Error(`${file}: not a study file of mssar (format '${String(s.format)}')`);
  return s;
}

/**
 * Refuses a study whose shared settings differ from those DIR/study.json recorded (naming each
 * differing flag), and a DIR that holds files but no study.json.
 */
export function checkStudyDir(dir: string, a: StudyArgs): StudyFile | null {
  const saved = readStudyFile(dir);
  if (saved === null) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new UsageError(`${dir} is not empty and holds no ${STUDY_JSON}: give another --out for a new study`);
    }
    return null;
  }
  const now = sharedSettings(a.train) as Record<string, unknown>;
  const before = saved.settings as Record<string, unknown>;
  const conflicts: string[] = [];
  for (const key of new Set([...Object.keys(now), ...Object.keys(before)])) {
    if (STUDY_MAY_CHANGE.includes(key as keyof TrainConfig)) continue;
    const was = key in before ? before[key] : LATER_SETTINGS[key as keyof TrainConfig];
    if (JSON.stringify(now[key]) !== JSON.stringify(was)) {
      conflicts.push(`${flagOf(key)} ${JSON.stringify(now[key])} (the study has ${JSON.stringify(before[key])})`);
    }
  }
  if (conflicts.length > 0) {
    throw new UsageError(`${path.join(dir, STUDY_JSON)}: this study's runs were trained with other settings; these differ: ${conflicts.join(', ')}. ` +
      `Only ${STUDY_MAY_CHANGE.map(flagOf).join(', ')} may change (and configurations or seeds may be added); give another --out for a new study.`);
  }
  return saved;
}

export function writeStudyFile(dir: string, a: StudyArgs): void {
  const s: StudyFile = {
    format: STUDY_FORMAT, settings: sharedSettings(a.train), trainFlags: a.trainFlags,
    configurations: a.variants.map((v) => v.name), seeds: a.seeds, updated: new Date().toISOString(),
  };
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, STUDY_JSON), [Buffer.from(`${JSON.stringify(s, null, 2)}\n`)]);
}
