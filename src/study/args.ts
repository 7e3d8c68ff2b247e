// `mssar study` flags: the grid (--recalibration, --seeds / --seed-list), where it goes (--out), how
// many runs at once (--jobs), and every other `mssar train` flag, passed through to each run and
// checked here with parseTrainArgs.
import * as os from 'os';
import { UsageError } from '../cli/command';
import { parseFlags, parseTrainArgs, TRAIN_OPTIONS } from '../train/args';
import type { TrainConfig } from '../train/config';
import { parseVariantList, Variant, variantFlags } from './variants';
import { show } from '../check';

const STUDY_OPTIONS = {
  recalibration: { type: 'string' },
  seeds: { type: 'string' },
  'seed-list': { type: 'string' },
  out: { type: 'string' },
  jobs: { type: 'string' },
  'report-only': { type: 'boolean' },
  against: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Train flags a study sets itself (per run) or that make no sense for a grid. */
const NOT_PASSED = ['seed', 'resume', 'overwrite', 'profile', 'stop-after', 'mssar-scales', 'mssar-symmetric', 'mssar-init-bias', 'mssar-global', 'recalibration-weight-decay', 'recalibration-placement'];

export const DEFAULT_CONFIGS = 'none,se,mssar';
export const DEFAULT_SEEDS = 3;

export interface StudyArgs {
  variants: Variant[];
  seeds: number[];
  out: string;
  jobs: number;
  /** Threads per run: --threads when given, else the cores divided among the jobs. */
  threads: number;
  /** The train flags as given, passed to every run (in a fixed order). */
  trainFlags: string[];
  /** The settings they give (the first configuration's, seed 0): what study.json records. */
  train: TrainConfig;
  /** Write the report of the runs as they stand, training nothing. */
  reportOnly: boolean;
  /** Configurations of the grid (not the first) that the report also compares every other one with. */
  against: string[];
  help: boolean;
}

/**
 * The default number of runs at once: one per core, each on one kernel thread (docs/training.md,
 * "Studies", gives the measurement and the reasons), and never more than there are runs.
 */
export function defaultJobs(runs: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores, runs));
}

function positiveInt(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer >= ${min}; got '${value}'`);
  return n;
}

/** The command of one run: the passed-through flags, the configuration's, its seed and folder. */
export function runFlags(a: Pick<StudyArgs, 'trainFlags' | 'threads'>, v: Variant, seed: number, dir: string): string[] {
  const flags = [...a.trainFlags, ...variantFlags(v), '--seed', String(seed), '--out', dir];
  if (!a.trainFlags.includes('--threads')) flags.push('--threads', String(a.threads));
  return flags;
}

/** --against a,b: configurations of the grid other than the first (its baseline already), each once. */
function parseAgainst(list: string, variants: Variant[]): string[] {
  const names = list.split(',').map((x) => x.trim());
  for (const n of names) {
    if (!variants.some((v) => v.name === n)) {
      throw new UsageError(`--against: '${n}' is not a configuration of this study (${variants.map((v) => v.name).join(', ')})`);
    }
    if (n === variants[0].name) throw new UsageError(`--against: '${n}' is the baseline already (the first configuration)`);
  }
  if (new Set(names).size !== names.length) throw new UsageError(`--against: a configuration is given twice in '${list}'`);
  return names;
}

export function parseStudyArgs(argv: string[]): StudyArgs {
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
    throw new Error(`parseStudyArgs: argv must be an array of strings, got ${show(argv)}`);
  }
  const { values: v } = parseFlags('study', argv, { ...TRAIN_OPTIONS, ...STUDY_OPTIONS });
  const help = v.help === true;
  for (const flag of NOT_PASSED) {
    if (v[flag] !== undefined) {
      const why = flag.startsWith('mssar-') ? 'name the MS-SAR variants in --recalibration instead (mssar-s1, mssar-sym, ...)'
        : flag === 'recalibration-weight-decay' ? 'name it in --recalibration instead (se-wd0, mssar-wd0, ...)'
        : flag === 'recalibration-placement' ? 'name it in --recalibration instead (se-prebn, mssar-prebn, ...)'
        : flag === 'seed' ? 'give --seeds N or --seed-list instead' : 'a study sets it for each run itself';
      throw new UsageError(`--${flag} is not a study flag: ${why}`);
    }
  }
  const variants = parseVariantList((v.recalibration as string | undefined) ?? DEFAULT_CONFIGS);
  if (v.seeds !== undefined && v['seed-list'] !== undefined) throw new UsageError('--seeds and --seed-list contradict each other: give one');
  let seeds: number[];
  if (v['seed-list'] !== undefined) {
    seeds = (v['seed-list'] as string).split(',').map((s) => positiveInt('seed-list', s, 0));
    if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seed-list repeats a seed: '${v['seed-list'] as string}'`);
  } else {
    const n = v.seeds !== undefined ? positiveInt('seeds', v.seeds as string, 1) : DEFAULT_SEEDS;
    seeds = Array.from({ length: n }, (_, i) => i);
  }
  // The train flags, in the order of TRAIN_OPTIONS, as `mssar train` takes them.
  const trainFlags: string[] = [];
  for (const [flag, spec] of Object.entries(TRAIN_OPTIONS)) {
    if (flag in STUDY_OPTIONS || v[flag] === undefined) continue;
    if (spec.type === 'boolean') {
      if (v[flag] === true) trainFlags.push(`--${flag}`);
    } else {
      trainFlags.push(`--${flag}`, v[flag] as string);
    }
  }
  const runs = variants.length * seeds.length;
  const jobs = v.jobs !== undefined ? positiveInt('jobs', v.jobs as string, 1) : defaultJobs(runs);
  // Every run's flags are checked as `mssar train` checks them; the first gives the settings.
  const first = parseTrainArgs(runFlags({ trainFlags, threads: 1 }, variants[0], seeds[0], 'x'));
  for (const variant of variants) for (const seed of seeds) parseTrainArgs(runFlags({ trainFlags, threads: 1 }, variant, seed, 'x'));
  const out = (v.out as string | undefined) ?? `studies/${first.config.dataset}-${first.config.model}`;
  const threads = trainFlags.includes('--threads') ? first.config.threads! : Math.max(1, Math.floor(os.availableParallelism() / jobs));
  const against = v.against !== undefined ? parseAgainst(v.against as string, variants) : [];
  return { variants, seeds, out, jobs, threads, trainFlags, train: first.config, reportOnly: v['report-only'] === true, against, help };
}

export function studyUsage(): string {
  return `usage: mssar study [--recalibration LIST] [--seeds N | --seed-list S,S,...] [--out DIR] [--jobs J] [train flags]

Trains every configuration of LIST with every seed (each run a child process running mssar train,
in DIR/<configuration>-seed<k>/), then writes DIR/report.md, DIR/report.json and DIR/curves.svg:
parameters, multiply-adds, time per epoch, final and best test top-1 (mean ± sample std over the
seeds), and each configuration against the first, paired by seed, with a 95% confidence interval.
Running the same command again skips finished runs and resumes interrupted ones.

options:
  --recalibration LIST   configurations, comma-separated (default ${DEFAULT_CONFIGS}); each one of
                         none, se[-prebn][-wd<X>],
                         mssar[-s<scale>(+<scale>)*][-sym][-global][-bias<X>][-prebn][-wd<X>], e.g.
                         mssar-sym, mssar-s1, mssar-s1+2+4-sym, mssar-global, mssar-s2-bias1,
                         mssar-wd0 (-global: a global-average scale beside the cells; -prebn: before
                         the branch's last batch norm; -wd<X>: weight decay X on the SE or MS-SAR
                         parameters; mssar alone is the library's default, bias 4; mssar-bias0 the
                         starting definition) (docs/training.md, "Studies")
  --seeds N              seeds 0..N-1 (default ${DEFAULT_SEEDS})
  --seed-list S,S,...    these seeds instead
  --out DIR              the study's folder (default studies/<dataset>-<model>)
  --report-only          write the report of the runs as they stand (finished or not), training
                         nothing: for a study under way in another process, or stopped
  --against LIST         configurations of the grid (not the first) that the report also compares
                         every other one with, as it does with the first (e.g. --against se,mssar)
  --jobs J               runs at once (default: one per core, at most the number of runs); each run
                         gets cores / J kernel threads unless --threads is given
  -h, --help             this text

Every other flag is a flag of mssar train (mssar train --help), given to every run unchanged;
--seed, --resume, --overwrite, --profile, --stop-after and the --mssar-* flags are the study's to set.`;
}
