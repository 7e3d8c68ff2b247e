// `mssar train` flags -> a TrainConfig. Every mistake (an unknown flag, a value of the wrong kind or
// out of range, a missing value) is a UsageError whose message names the flag and what it takes.
import { show } from '../check';
import * as os from 'os';
import { parseArgs, ParseArgsConfig } from 'util';
import { checkMssarScales } from '../functional/mssar';
import { canonicalName, list as modelNames } from '../models';
import { UsageError } from '../cli/command';
import type { Recalibration, RecalibrationPlacement } from '../nn/blocks/recalibration';
import type { ScheduleName } from '../optim';
import {
  Augmentation, AUGMENTATIONS, DatasetName, DATASETS, defaultOutDir, DeviceChoice, DEVICES, MSSAR_DEFAULTS, RECALIBRATIONS, RECIPES, SCHEDULES, TrainConfig,
} from './config';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** The flags and their value kinds; the names are the CLI's, the keys of TrainConfig follow from them. */
export const TRAIN_OPTIONS = {
  dataset: { type: 'string' },
  data: { type: 'string' },
  model: { type: 'string' },
  recalibration: { type: 'string' },
  'mssar-scales': { type: 'string' },
  'mssar-symmetric': { type: 'boolean' },
  'mssar-init-bias': { type: 'string' },
  'mssar-global': { type: 'boolean' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  warmup: { type: 'string' },
  momentum: { type: 'string' },
  nesterov: { type: 'boolean' },
  'no-nesterov': { type: 'boolean' },
  'weight-decay': { type: 'string' },
  'recalibration-weight-decay': { type: 'string' },
  'recalibration-placement': { type: 'string' },
  'label-smoothing': { type: 'string' },
  augment: { type: 'string' },
  'no-augment': { type: 'boolean' },
  'val-split': { type: 'string' },
  seed: { type: 'string' },
  device: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  overwrite: { type: 'boolean' },
  workers: { type: 'string' },
  'eval-batch-size': { type: 'string' },
  threads: { type: 'string' },
  profile: { type: 'boolean' },
  'max-batches': { type: 'string' },
  'stop-after': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The TrainConfig key each flag sets (flags that set none are absent). */
export const FLAG_KEYS: Record<string, keyof TrainConfig> = {
  dataset: 'dataset', data: 'data', model: 'model', recalibration: 'recalibration',
  'mssar-scales': 'mssarScales', 'mssar-symmetric': 'mssarSymmetric', 'mssar-init-bias': 'mssarInitBias', 'mssar-global': 'mssarGlobal', epochs: 'epochs', 'batch-size': 'batchSize',
  lr: 'lr', schedule: 'schedule', warmup: 'warmup', momentum: 'momentum', nesterov: 'nesterov', 'no-nesterov': 'nesterov',
  'weight-decay': 'weightDecay', 'recalibration-weight-decay': 'recalibrationWeightDecay', 'recalibration-placement': 'recalibrationPlacement', 'label-smoothing': 'labelSmoothing', augment: 'augment', 'no-augment': 'augment', 'val-split': 'valSplit', seed: 'seed', device: 'device',
  out: 'out', resume: 'resume', overwrite: 'overwrite', workers: 'workers', 'eval-batch-size': 'evalBatchSize', threads: 'threads',
  profile: 'profile', 'max-batches': 'maxBatches', 'stop-after': 'stopAfter',
};

export interface ParsedTrainArgs {
  config: TrainConfig;
  /** The config keys set by a flag on the command line (the rest are the recipe's defaults). */
  given: Set<keyof TrainConfig>;
  help: boolean;
}

/** --recalibration-placement's words and the placement each names. */
export const PLACEMENT_FLAGS = ['after-bn', 'before-bn'] as const;
export const PLACEMENT_OF: Record<(typeof PLACEMENT_FLAGS)[number], RecalibrationPlacement> = { 'after-bn': 'afterBn', 'before-bn': 'beforeBn' };

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got '${value}'`);
  }
  return value as T;
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${flag} must be an integer >= ${min}; got '${value}'`);
  }
  return n;
}

function real(flag: string, value: string, min: number, max = Infinity, maxOpen = false): number {
  const n = Number(value);
  const above = maxOpen ? n >= max : n > max;
  if (value.trim() === '' || !Number.isFinite(n) || n < min || above) {
    const range = max === Infinity ? (min === -Infinity ? '' : `>= ${min}`) : `in [${min}, ${max}${maxOpen ? ')' : ']'}`;
    throw new UsageError(`--${flag} must be a number${range ? ` ${range}` : ''}; got '${value}'`);
  }
  return n;
}

/** `--mssar-scales 1,2,4` -> [1, 2, 4], checked as nn.MSSAR checks them. */
function mssarScales(value: string): number[] {
  const parts = value.split(',');
  const scales = parts.map((p) => Number(p));
  if (parts.some((p) => !/^\s*\d+\s*$/.test(p))) {
    throw new UsageError(`--mssar-scales must be a comma-separated list of integers (e.g. 1,2,4); got '${value}'`);
  }
  try {
    return checkMssarScales(scales, '--mssar-scales');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** `--flag` -> a hint naming the closest known flag, or ''. */
export function suggestFlag(flag: string, known: readonly string[]): string {
  const name = flag.replace(/^-+/, '').split('=')[0];
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(name, k);
    if (dd < bestD) {
      bestD = dd;
      best = k;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean --${best}?)` : '';
}

/** util.parseArgs with its errors turned into UsageErrors that say which flag is wrong. */
export function parseFlags(command: string, argv: string[], options: FlagOptions,
  allowPositionals = false): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = (e as Error).message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(msg)?.[1] ?? '?';
      throw new UsageError(`unknown option '${flag}'${suggestFlag(flag, Object.keys(options))}; 'mssar ${command} --help' lists the options`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(msg.replace(/^Option '([^']+)'.*argument missing$/, "option '$1' needs a value"));
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const arg = /'([^']+)'/.exec(msg)?.[1] ?? '?';
      throw new UsageError(`unexpected argument '${arg}' (every option is --name value); 'mssar ${command} --help' lists the options`);
    }
    throw e;
  }
}

/** Parses `mssar train` arguments, filling what is not given from the dataset's recipe. */
export function parseTrainArgs(argv: string[]): ParsedTrainArgs {
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
    throw new Error(`parseTrainArgs: argv must be an array of strings, got ${show(argv)}`);
  }
  const { values: v } = parseFlags('train', argv, TRAIN_OPTIONS);
  const given = new Set<keyof TrainConfig>();
  for (const [flag, value] of Object.entries(v)) {
    if (value !== undefined && FLAG_KEYS[flag]) given.add(FLAG_KEYS[flag]);
  }
  const str = (flag: string): string | undefined => v[flag] as string | undefined;
  if (v.nesterov && v['no-nesterov']) throw new UsageError('--nesterov and --no-nesterov contradict each other');

  const dataset: DatasetName = str('dataset') !== undefined ? oneOf('dataset', str('dataset')!, DATASETS) : 'fashion-mnist';
  const recipe = RECIPES[dataset];
  const model = canonicalName(str('model') ?? recipe.model);
  if (model === null) throw new UsageError(`--model: unknown model '${str('model')}'; available: ${modelNames().join(', ')}`);
  const recalibration = str('recalibration') !== undefined ? oneOf<Recalibration>('recalibration', str('recalibration')!, RECALIBRATIONS) : 'none';
  for (const flag of ['recalibration-weight-decay', 'recalibration-placement']) {
    if (v[flag] !== undefined && recalibration === 'none') {
      throw new UsageError(`--${flag} applies to --recalibration se or mssar only (the run's recalibration is none)`);
    }
  }
  for (const flag of ['mssar-scales', 'mssar-symmetric', 'mssar-init-bias', 'mssar-global']) {
    if (v[flag] !== undefined && recalibration !== 'mssar') {
      throw new UsageError(`--${flag} applies to --recalibration mssar only (the run's recalibration is ${recalibration})`);
    }
  }
  const epochs = str('epochs') !== undefined ? integer('epochs', str('epochs')!, 1) : recipe.epochs;
  const schedule = str('schedule') !== undefined ? oneOf<ScheduleName>('schedule', str('schedule')!, SCHEDULES) : recipe.schedule;
  if (v['no-augment'] && str('augment') !== undefined && str('augment') !== 'none') {
    throw new UsageError(`--no-augment and --augment ${str('augment')} contradict each other`);
  }
  const augment: Augmentation = v['no-augment'] ? 'none'
    : str('augment') !== undefined ? oneOf<Augmentation>('augment', str('augment')!, AUGMENTATIONS) : recipe.augment;
  const device = str('device') !== undefined ? oneOf<DeviceChoice>('device', str('device')!, DEVICES) : 'auto';
  const cpus = os.availableParallelism();

  const config: TrainConfig = {
    dataset,
    data: str('data') ?? null,
    model,
    recalibration,
    mssarScales: str('mssar-scales') !== undefined ? mssarScales(str('mssar-scales')!) : [...MSSAR_DEFAULTS.mssarScales],
    mssarSymmetric: v['mssar-symmetric'] === true,
    mssarInitBias: str('mssar-init-bias') !== undefined ? real('mssar-init-bias', str('mssar-init-bias')!, -Infinity) : MSSAR_DEFAULTS.mssarInitBias,
    mssarGlobal: v['mssar-global'] === true,
    epochs,
    batchSize: str('batch-size') !== undefined ? integer('batch-size', str('batch-size')!, 1) : recipe.batchSize,
    lr: str('lr') !== undefined ? real('lr', str('lr')!, 0) : recipe.lr,
    schedule,
    warmup: str('warmup') !== undefined ? real('warmup', str('warmup')!, 0) : recipe.warmup,
    momentum: str('momentum') !== undefined ? real('momentum', str('momentum')!, 0, 1, true) : recipe.momentum,
    nesterov: v.nesterov ? true : v['no-nesterov'] ? false : recipe.nesterov,
    weightDecay: str('weight-decay') !== undefined ? real('weight-decay', str('weight-decay')!, 0) : recipe.weightDecay,
    recalibrationWeightDecay: str('recalibration-weight-decay') !== undefined ? real('recalibration-weight-decay', str('recalibration-weight-decay')!, 0) : null,
    recalibrationPlacement: str('recalibration-placement') !== undefined
      ? PLACEMENT_OF[oneOf('recalibration-placement', str('recalibration-placement')!, PLACEMENT_FLAGS)] : 'afterBn',
    labelSmoothing: str('label-smoothing') !== undefined ? real('label-smoothing', str('label-smoothing')!, 0, 1, true) : recipe.labelSmoothing,
    augment,
    valSplit: str('val-split') !== undefined ? real('val-split', str('val-split')!, 0, 1, true) : 0,
    seed: str('seed') !== undefined ? integer('seed', str('seed')!, 0) : 0,
    device,
    out: str('out') ?? defaultOutDir({ dataset, model, recalibration }),
    resume: v.resume === true,
    overwrite: v.overwrite === true,
    workers: str('workers') !== undefined ? integer('workers', str('workers')!, 1) : Math.max(1, Math.min(recipe.workers, cpus)),
    evalBatchSize: str('eval-batch-size') !== undefined ? integer('eval-batch-size', str('eval-batch-size')!, 1) : recipe.evalBatchSize,
    threads: str('threads') !== undefined ? integer('threads', str('threads')!, 1) : null,
    profile: v.profile === true,
    maxBatches: str('max-batches') !== undefined ? integer('max-batches', str('max-batches')!, 1) : null,
    stopAfter: str('stop-after') !== undefined ? integer('stop-after', str('stop-after')!, 1) : null,
  };
  if (config.nesterov && config.momentum === 0) throw new UsageError('--nesterov needs --momentum > 0');
  if (config.warmup > config.epochs) throw new UsageError(`--warmup ${config.warmup} is longer than --epochs ${config.epochs}`);
  if (config.resume && config.overwrite) throw new UsageError('--resume continues the run in --out; --overwrite replaces it: give one');
  if (config.seed > 0xffffffff) throw new UsageError(`--seed must be below 2^32; got ${config.seed}`);
  return { config, given, help: v.help === true };
}

/** A recipe setting for every dataset: the most common value, then the exceptions ("128 (imagenet 256)"). */
function defaults(key: keyof typeof RECIPES['cifar10'], show: (v: unknown) => string = String): string {
  const values = DATASETS.map((d) => show(RECIPES[d][key]));
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const others = DATASETS.filter((_, i) => values[i] !== common).map((d) => `${d} ${values[DATASETS.indexOf(d)]}`);
  return others.length === 0 ? common : `${common} (${others.join(', ')})`;
}

/** Words joined into lines of at most `width` characters, each after `indent`. */
function wrap(words: string[], indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && indent.length + line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line === '' ? w : `${line} ${w}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

export function trainUsage(): string {
  const onOff = (v: unknown): string => (v ? 'on' : 'off');
  return `usage: mssar train [options]

Trains a model of the zoo on a dataset, evaluating on the test set after every epoch. The run's
directory (--out) receives run.json, metrics.jsonl (one JSON line per epoch), last.safetensors
(every epoch) and best.safetensors (best test top-1, or validation top-1 with --val-split). Flags left out take the dataset's recipe.

data and model:
  --dataset NAME          ${DATASETS.join(', ')} (default fashion-mnist)
  --data DIR              dataset folder (fashion-mnist: /usr/share/datasets/fashion-mnist by default)
  --model NAME            ${defaults('model')}; one of
                          ${wrap(modelNames().map((m, i, a) => (i < a.length - 1 ? `${m},` : m)), ' '.repeat(26))}
  --recalibration KIND    none (default), se, mssar
  --mssar-scales LIST     MS-SAR cell sizes, comma-separated (default 1,2,4)
  --mssar-symmetric       MS-SAR with mirrored cells sharing weights (default off)
  --mssar-init-bias X     MS-SAR's starting bias (default 4: the gate starts at 0.98; 0: at 1/2)
  --mssar-global          MS-SAR with a global-average scale beside the local cells (default off)
  --augment KIND          standard (the dataset's preset: random crops and flips), flip (flips only),
                          none; default ${defaults('augment')}
  --no-augment            --augment none
  --val-split F           hold out this fraction of the training split as a validation set, the
                          same samples for every seed (default 0: none); each epoch is then
                          evaluated on it too, and best.safetensors is the best validation top-1

optimisation (SGD):
  --epochs N              ${defaults('epochs')}
  --batch-size B          ${defaults('batchSize')}
  --lr LR                 peak learning rate: ${defaults('lr')}
  --schedule NAME         constant, multistep (x0.1 at 50% and 75% of the epochs), cosine (to 0)
                          default: ${defaults('schedule')}
  --warmup E              linear warm-up from lr/10 over E epochs (fractional): ${defaults('warmup')}
  --momentum M            ${defaults('momentum')}
  --nesterov, --no-nesterov   Nesterov momentum: ${defaults('nesterov', onOff)}
  --weight-decay WD       ${defaults('weightDecay')}
  --recalibration-weight-decay WD
                          weight decay of the SE and MS-SAR parameters (default: --weight-decay)
  --recalibration-placement after-bn|before-bn
                          where a residual block puts SE or MS-SAR: after its last batch norm
                          (default) or between its last convolution and that batch norm
  --label-smoothing S     ${defaults('labelSmoothing')}

run:
  --device DEV            auto (default: cuda when available, else cpu, saying why), cpu, cuda
  --seed S                seed of the initialisation, shuffling and augmentation (default 0)
  --out DIR               run directory (default runs/<dataset>-<model>-<recalibration>)
  --resume                continue the run in --out from its last.safetensors
  --overwrite             replace the run already in --out
  --stop-after E          stop after epoch E, resumable (as an interruption would)
  --workers N             data loader threads: ${defaults('workers')} (at most one per core)
  --eval-batch-size B     ${defaults('evalBatchSize')}
  --threads N             CPU threads of the kernels (default: one per core; in a distributed run,
                          the cores divided among the machine's ranks)
  --nproc N               data-parallel over N processes on this machine (starts mpirun itself);
                          \`mpirun -np N npx mssar train ...\` runs across machines (docs/distributed.md).
                          --batch-size stays the global batch; rank 0 prints and writes the run
  --max-batches N         at most N training and N evaluation batches per epoch (quick runs)
  --profile               print the per-op time table of one training step and exit
  -h, --help              this text`;
}
