// Training checkpoints, in two kinds of safetensors file (docs/training.md lists the keys):
// - a model checkpoint (last.safetensors, best.safetensors) holds the model's state dict alone under
//   PyTorch's names and dtypes, so `model.load_state_dict(load_file(f), strict=True)` works in
//   PyTorch, plus string metadata describing the model, its data and its epoch;
// - the training state (last.state.safetensors) holds everything a resumed run needs: the model's
//   tensors again (under `model.`), the optimizer's momentum buffers (under `optimizer.`), and the
//   optimizer's scalars, the generator and the loader in its metadata. Being one file, it is always
//   consistent with itself; the model checkpoints are rebuilt from it if a kill left them behind.
// Files are written atomically (temporary file, then rename), so a file on disk is always whole.
import { checkPath, checkObject, checkString, fail as failArg, checkInt, checkNumber } from '../check';
import { getRngState, RngState } from '../creation';
import { loadSafetensors, saveSafetensors } from '../io';
import { readSafetensorsMetadata } from '../io/safetensors';
import { StoredTensor } from '../io/stored_tensor';
import * as models from '../models';
import type { ModelOptions } from '../models';
import { Module } from '../nn/module';
import type { Layer } from '../nn';
import type { OptimizerState } from '../optim';
import { SGD } from '../optim/sgd';
import type { Tensor } from '../tensor';
import type { TrainConfig } from './config';
import { version } from '../version';
import type { EpochMetrics } from './metrics';

export const CHECKPOINT_FORMAT = 'mssar.checkpoint';
export const TRAIN_STATE_FORMAT = 'mssar.train_state';
export const CHECKPOINT_VERSION = 2;
export const MODEL_PREFIX = 'model.';
export const OPTIMIZER_PREFIX = 'optimizer.';

/** The metadata of a model checkpoint, parsed (the file stores each value as a string, objects as JSON). */
export interface CheckpointMeta {
  format: string;
  formatVersion: number;
  /** Epochs done. */
  epoch: number;
  bestTop1: number;
  bestEpoch: number;
  model: string;
  modelOptions: ModelOptions;
  dataset: string;
  classes: string[];
  inputShape: [number, number, number];
  /** Every setting of the run. */
  args: TrainConfig;
  /** The epoch's row of metrics.jsonl. */
  metrics: EpochMetrics | null;
  device: string;
  created: string;
  version: string;
}

/** The metadata of a training state: the checkpoint's, and what resuming needs besides the tensors. */
export interface TrainStateMeta extends CheckpointMeta {
  optimizer: string;
  /** step, lr, momentum, weight_decay, nesterov (0/1), dampening. */
  optimizerScalars: Record<string, number>;
  /** The global generator after the epoch (dropout draws from it). */
  rngState: RngState;
  /** The loader's seed; its next epoch is `epoch`. */
  loaderSeed: number;
}

/** A model checkpoint as read: its metadata and the model's state dict as stored. */
export interface Checkpoint {
  file: string;
  meta: CheckpointMeta;
  model: Map<string, StoredTensor>;
}

/** A training state as read. */
export interface TrainState {
  file: string;
  meta: TrainStateMeta;
  model: Map<string, StoredTensor>;
  /** The optimizer's tensors, keyed without the `optimizer.` prefix. */
  optimizer: Map<string, StoredTensor>;
}

/** What the metadata of both kinds of file is made from. */
export type CheckpointInfo = Omit<CheckpointMeta, 'format' | 'formatVersion' | 'created' | 'version'>;

/** The metadata a checkpoint writer takes, checked before anything is written. */
function checkInfo(fn: string, meta: unknown): void {
  const m = checkObject<Record<string, unknown>>(fn, 'meta', meta);
  for (const k of ['epoch', 'bestEpoch'] as const) checkInt(fn, `meta.${k}`, m[k], -1);
  checkNumber(fn, 'meta.bestTop1', m.bestTop1);
  for (const k of ['model', 'dataset', 'device'] as const) checkString(fn, `meta.${k}`, m[k]);
  if (!Array.isArray(m.classes) || !m.classes.every((c) => typeof c === 'string')) failArg(fn, 'meta.classes', 'an array of class names', m.classes);
  if (!Array.isArray(m.inputShape)) failArg(fn, 'meta.inputShape', 'an array of sizes', m.inputShape);
  for (const k of ['modelOptions', 'args'] as const) checkObject(fn, `meta.${k}`, m[k]);
  checkObject(fn, 'meta.metrics', m.metrics, "the epoch's metrics row");
}

function metadataOf(format: string, meta: CheckpointInfo): Record<string, string> {
  return {
    format,
    format_version: String(CHECKPOINT_VERSION),
    epoch: String(meta.epoch),
    best_top1: String(meta.bestTop1),
    best_epoch: String(meta.bestEpoch),
    model: meta.model,
    model_options: JSON.stringify(meta.modelOptions),
    dataset: meta.dataset,
    classes: JSON.stringify(meta.classes),
    input_shape: JSON.stringify(meta.inputShape),
    args: JSON.stringify(meta.args),
    metrics: JSON.stringify(meta.metrics),
    device: meta.device,
    created: new Date().toISOString(),
    mssar_version: version(),
  };
}

/**
 * Writes a model checkpoint atomically: `weights` (the model's `storedStateDict()`) and the
 * metadata, nothing else, so PyTorch loads it strictly.
 */
export function saveCheckpoint(file: string, weights: ReadonlyMap<string, StoredTensor>, meta: CheckpointInfo): void {
  checkPath('saveCheckpoint', 'file', file);
  if (!(weights instanceof Map)) failArg('saveCheckpoint', 'weights', 'a Map of names to StoredTensors', weights);
  checkInfo('saveCheckpoint', meta);
  saveSafetensors(file, weights, metadataOf(CHECKPOINT_FORMAT, meta));
}

export interface SaveTrainStateInput {
  /** The model's `storedStateDict()`. */
  weights: ReadonlyMap<string, StoredTensor>;
  optimizer: SGD;
  meta: CheckpointInfo & { loaderSeed: number };
}

/** Writes the training state atomically; the optimizer's scalars and the generator state are read here. */
export function saveTrainState(file: string, input: SaveTrainStateInput): void {
  checkPath('saveTrainState', 'file', file);
  checkObject('saveTrainState', 'input', input);
  if (!(input.weights instanceof Map)) failArg('saveTrainState', 'input.weights', 'a Map of names to StoredTensors', input.weights);
  if (!(input.optimizer instanceof SGD)) failArg('saveTrainState', 'input.optimizer', 'an SGD optimizer', input.optimizer);
  checkInfo('saveTrainState', input.meta);
  checkInt('saveTrainState', 'input.meta.loaderSeed', input.meta.loaderSeed, 0);
  const { weights, optimizer, meta } = input;
  const tensors = new Map<string, StoredTensor | Tensor>();
  for (const [name, t] of weights) tensors.set(MODEL_PREFIX + name, t);
  const opt = optimizer.stateDict();
  for (const [name, t] of opt.tensors) tensors.set(OPTIMIZER_PREFIX + name, t);
  const scalars = { ...opt.scalars, nesterov: optimizer.nesterov ? 1 : 0, dampening: optimizer.dampening };
  saveSafetensors(file, tensors, {
    ...metadataOf(TRAIN_STATE_FORMAT, meta),
    optimizer: 'SGD',
    optimizer_scalars: JSON.stringify(scalars),
    rng_state: JSON.stringify(getRngState()),
    loader_seed: String(meta.loaderSeed),
  });
}

class CheckpointError extends Error {}

function fail(file: string, why: string): never {
  throw new CheckpointError(`${file}: ${why}`);
}

function parseJson<T>(file: string, meta: Record<string, string>, key: string, check: (v: unknown) => boolean, what: string): T {
  const raw = meta[key];
  if (raw === undefined) fail(file, `checkpoint metadata has no '${key}'`);
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    fail(file, `checkpoint metadata '${key}' is not valid JSON`);
  }
  if (!check(v)) fail(file, `checkpoint metadata '${key}' is not ${what}`);
  return v as T;
}

function parseNumber(file: string, meta: Record<string, string>, key: string, integer: boolean): number {
  const raw = meta[key];
  if (raw === undefined) fail(file, `checkpoint metadata has no '${key}'`);
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isSafeInteger(n))) {
    fail(file, `checkpoint metadata '${key}' is not ${integer ? 'an integer' : 'a number'}: '${raw}'`);
  }
  return n;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks the metadata of a file of the kind `format`, read by loadSafetensors. */
export function parseMeta(file: string, meta: Record<string, string>, format = CHECKPOINT_FORMAT): CheckpointMeta {
  if (typeof meta !== 'object' || meta === null) fail(file, 'not an mssar checkpoint (no metadata)');
  if (meta.format !== format) {
    const what = format === CHECKPOINT_FORMAT ? 'an mssar checkpoint' : 'an mssar training state';
    const hint = meta.format === TRAIN_STATE_FORMAT ? ' (it is a training state: give the model checkpoint beside it, last.safetensors or best.safetensors)'
      : meta.format === CHECKPOINT_FORMAT ? ' (it is a model checkpoint: a run resumes from last.state.safetensors)' : '';
    fail(file, `not ${what} (metadata 'format' is ${meta.format === undefined ? 'missing' : `'${meta.format}'`}, expected '${format}')${hint}`);
  }
  const formatVersion = parseNumber(file, meta, 'format_version', true);
  if (formatVersion !== CHECKPOINT_VERSION) {
    fail(file, `checkpoint format version ${formatVersion} is not supported (this version of mssar reads version ${CHECKPOINT_VERSION}` +
      `${formatVersion < CHECKPOINT_VERSION ? '; version 1 mixed the optimizer into the model file, so a version 1 run cannot be resumed here' : ''})`);
  }
  const model = typeof meta.model === 'string' ? models.canonicalName(meta.model) : null;
  if (model === null) fail(file, `checkpoint names an unknown model '${String(meta.model)}'`);
  return {
    format: meta.format,
    formatVersion,
    epoch: parseNumber(file, meta, 'epoch', true),
    bestTop1: parseNumber(file, meta, 'best_top1', false),
    bestEpoch: parseNumber(file, meta, 'best_epoch', true),
    model,
    modelOptions: parseJson<ModelOptions>(file, meta, 'model_options', isObject, 'an object'),
    dataset: meta.dataset ?? fail(file, "checkpoint metadata has no 'dataset'"),
    classes: parseJson<string[]>(file, meta, 'classes', (v) => Array.isArray(v) && v.every((c) => typeof c === 'string'), 'a list of class names'),
    inputShape: parseJson<[number, number, number]>(file, meta, 'input_shape',
      (v) => Array.isArray(v) && v.length === 3 && v.every((d) => Number.isInteger(d) && d > 0), '[C, H, W]'),
    args: parseJson<TrainConfig>(file, meta, 'args', isObject, 'an object'),
    metrics: parseJson<EpochMetrics | null>(file, meta, 'metrics', (v) => v === null || isObject(v), 'an object'),
    device: meta.device ?? 'cpu',
    created: meta.created ?? '',
    version: meta.mssar_version ?? 'unknown',
  };
}

function parseTrainStateMeta(file: string, meta: Record<string, string>): TrainStateMeta {
  const base = parseMeta(file, meta, TRAIN_STATE_FORMAT);
  const rng = parseJson<RngState>(file, meta, 'rng_state', (v) => isObject(v) && Number.isFinite((v as RngState).seed) &&
    Number.isFinite((v as RngState).offset), 'a generator state { seed, offset }');
  return {
    ...base,
    optimizer: meta.optimizer ?? fail(file, "training state metadata has no 'optimizer'"),
    optimizerScalars: parseJson<Record<string, number>>(file, meta, 'optimizer_scalars',
      (v) => isObject(v) && Object.values(v as object).every((x) => typeof x === 'number'), 'an object of numbers'),
    rngState: rng,
    loaderSeed: parseNumber(file, meta, 'loader_seed', true),
  };
}

/**
 * Reads a model checkpoint; a missing, truncated or corrupt file, or one that is not an mssar
 * checkpoint, is an Error naming the file and the problem.
 */
/** A checkpoint or training state as loadCheckpoint / loadTrainState return it. */
function checkLoaded(fn: string, c: unknown, state = false): void {
  const what = state ? 'a training state (loadTrainState)' : 'a checkpoint (loadCheckpoint or loadTrainState)';
  const o = checkObject<{ file?: unknown; meta?: unknown; model?: unknown }>(fn, state ? 'state' : 'ckpt', c, what);
  if (typeof o.file !== 'string' || o.meta === null || typeof o.meta !== 'object' || !(o.model instanceof Map)) failArg(fn, state ? 'state' : 'ckpt', what, c);
}

export function loadCheckpoint(file: string): Checkpoint {
  checkPath('loadCheckpoint', 'file', file);
  const { tensors, metadata } = loadSafetensors(file);
  return { file, meta: parseMeta(file, metadata), model: tensors };
}

/** Reads a training state (last.state.safetensors); errors as loadCheckpoint's. */
export function loadTrainState(file: string): TrainState {
  checkPath('loadTrainState', 'file', file);
  const { tensors, metadata } = loadSafetensors(file);
  const meta = parseTrainStateMeta(file, metadata);
  const model = new Map<string, StoredTensor>();
  const optimizer = new Map<string, StoredTensor>();
  for (const [name, t] of tensors) {
    if (name.startsWith(OPTIMIZER_PREFIX)) optimizer.set(name.slice(OPTIMIZER_PREFIX.length), t);
    else if (name.startsWith(MODEL_PREFIX)) model.set(name.slice(MODEL_PREFIX.length), t);
    else fail(file, `unexpected tensor '${name}' in a training state (names start with '${MODEL_PREFIX}' or '${OPTIMIZER_PREFIX}')`);
  }
  return { file, meta, model, optimizer };
}

/** The model a checkpoint describes, built on the CPU with its parameters loaded. */
export function modelFromCheckpoint(ckpt: Checkpoint | TrainState): Layer {
  checkLoaded('modelFromCheckpoint', ckpt);
  const model = models.create(ckpt.meta.model, ckpt.meta.modelOptions);
  try {
    loadModelState(ckpt, model, ckpt.meta.model, ckpt.meta.modelOptions);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

function describe(name: string, opts: ModelOptions): string {
  const placed = (opts.placement ?? 'afterBn') === 'afterBn' ? '' : ` placed ${opts.placement}`;
  const global = opts.global ? ' with the global-average scale' : '';
  return `${name} (recalibration ${opts.recalibration ?? 'none'}${global}${placed}, ${opts.numClasses ?? '?'} classes, ${opts.inChannels ?? '?'} input channels)`;
}

/**
 * Loads the checkpoint's parameters and buffers into `model` (built as `name` with `opts`). A
 * checkpoint of another model, or of the same one with other shapes, is an Error naming the file;
 * nothing is changed when it throws.
 */
export function loadModelState(ckpt: Checkpoint | TrainState, model: Layer, name: string, opts: ModelOptions): void {
  checkLoaded('loadModelState', ckpt);
  if (!(model instanceof Module)) failArg('loadModelState', 'model', 'a Module', model);
  checkString('loadModelState', 'name', name);
  checkObject('loadModelState', 'opts', opts);
  const m = ckpt.meta;
  // The placement changes no shape, so loadStateDict alone would not notice it.
  const same = m.model === name && (m.modelOptions.recalibration ?? 'none') === (opts.recalibration ?? 'none') &&
    (m.modelOptions.placement ?? 'afterBn') === (opts.placement ?? 'afterBn') && (m.modelOptions.global ?? false) === (opts.global ?? false) &&
    m.modelOptions.numClasses === opts.numClasses && m.modelOptions.inChannels === opts.inChannels;
  if (!same) fail(ckpt.file, `the checkpoint holds ${describe(m.model, m.modelOptions)}, not ${describe(name, opts)}`);
  try {
    model.loadStateDict(ckpt.model, { strict: true });
  } catch (e) {
    fail(ckpt.file, `does not fit ${describe(name, opts)}: ${(e as Error).message}`);
  }
}

/**
 * Restores the optimizer from a checkpoint. Every momentum buffer must be there with its
 * parameter's shape and nothing else may be; all is checked before anything changes.
 */
export function loadOptimizerState(ckpt: TrainState, optimizer: SGD, namedParams: [string, Tensor][]): void {
  checkLoaded('loadOptimizerState', ckpt, true);
  if (!(optimizer instanceof SGD)) failArg('loadOptimizerState', 'optimizer', 'an SGD optimizer', optimizer);
  if (!Array.isArray(namedParams)) failArg('loadOptimizerState', 'namedParams', 'an array of [name, Tensor] pairs', namedParams);
  const expected = new Map(namedParams);
  const scalars = ckpt.meta.optimizerScalars;
  for (const [key, t] of ckpt.optimizer) {
    const m = /^(.*)\.momentum_buffer$/.exec(key);
    const param = m ? expected.get(m[1]) : undefined;
    if (!param) fail(ckpt.file, `unexpected optimizer tensor '${OPTIMIZER_PREFIX}${key}' (no such parameter)`);
    if (t.shape.join(',') !== param.shape.join(',')) {
      fail(ckpt.file, `'${OPTIMIZER_PREFIX}${key}' has shape [${t.shape.join(',')}] but the parameter has [${param.shape.join(',')}]`);
    }
  }
  if (optimizer.momentum > 0 && (scalars.step ?? 0) > 0) {
    const missing = [...expected.keys()].filter((n) => !ckpt.optimizer.has(`${n}.momentum_buffer`));
    if (missing.length > 0) fail(ckpt.file, `missing optimizer momentum buffers: ${missing.map((n) => `${OPTIMIZER_PREFIX}${n}.momentum_buffer`).join(', ')}`);
  }
  const tensors = new Map<string, Tensor>();
  try {
    for (const [key, t] of ckpt.optimizer) {
      try {
        tensors.set(key, t.toTensor(expected.get(/^(.*)\.momentum_buffer$/.exec(key)![1])!.dtype, OPTIMIZER_PREFIX + key));
      } catch (e) {
        fail(ckpt.file, (e as Error).message);
      }
    }
    const state: OptimizerState = { tensors, scalars };
    optimizer.loadStateDict(state);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}

/** The metadata of a model checkpoint, read from its header alone (the tensors are not read). */
export function readCheckpointMeta(file: string): CheckpointMeta {
  checkPath('readCheckpointMeta', 'file', file);
  return parseMeta(file, readSafetensorsMetadata(file) ?? (undefined as unknown as Record<string, string>));
}

function checkpointEpoch(file: string): number | null {
  try {
    return readCheckpointMeta(file).epoch;
  } catch {
    return null; // missing or unreadable: rewrite it
  }
}

/**
 * Brings the model checkpoints in line with a training state: `last` must hold the state's epoch,
 * and `best` the best epoch when that is the state's own (an older best cannot be rebuilt, and a
 * kill can only leave the newest one behind). Returns the files rewritten.
 */
export function repairCheckpoints(state: TrainState, last: string, best: string): string[] {
  checkLoaded('repairCheckpoints', state, true);
  checkPath('repairCheckpoints', 'last', last);
  checkPath('repairCheckpoints', 'best', best);
  const { meta } = state;
  const info: CheckpointInfo = {
    epoch: meta.epoch, bestTop1: meta.bestTop1, bestEpoch: meta.bestEpoch, model: meta.model, modelOptions: meta.modelOptions,
    dataset: meta.dataset, classes: meta.classes, inputShape: meta.inputShape, args: meta.args, metrics: meta.metrics, device: meta.device,
  };
  const rewritten: string[] = [];
  const targets = meta.bestEpoch === meta.epoch ? [last, best] : [last];
  for (const file of targets) {
    if (checkpointEpoch(file) === meta.epoch) continue;
    saveCheckpoint(file, state.model, info);
    rewritten.push(`${file} (epoch ${meta.epoch}, from ${state.file})`);
  }
  return rewritten;
}
