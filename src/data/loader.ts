// data.loader(): batches made by native worker threads ahead of training. Each `for await` over a
// loader is one epoch; the shuffle order and every random crop and flip depend only on (seed,
// epoch, sample index), so a seed gives the same batches whatever the number of workers.
import { checkOptions, checkBool, checkOneOf, checkInt, show } from '../check';
import * as os from 'os';
import { nativeData, NativeLoaderHandle, OnError } from '../native';
import { Tensor } from '../tensor';
import { Dataset, NativeDataset } from './dataset';
import { Transform, toNativeSteps } from './transforms';

export interface LoaderOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** A new random order every epoch (default false: dataset order). */
  shuffle?: boolean;
  /** Leave out the last batch when it would be smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Steps run on every sample (default none: x / 255). See data.transforms. */
  transform?: Transform;
  /** Native worker threads (default: the number of CPUs, at most 4). */
  workers?: number;
  /** Batches made ahead of the consumer, at most (default 2). */
  prefetch?: number;
  /** Seed of the order and the augmentations (default: drawn from the global generator, see manualSeed). */
  seed?: number;
  /** What a bad sample does (default: the dataset's): 'raise' ends the epoch with an Error naming it; 'skip' leaves it out of its batch and counts it. */
  onError?: OnError;
  /** Decode JPEGs at a reduced DCT scale when the output needs no more pixels (default true). */
  fastDecode?: boolean;
  /** The epoch the first iteration runs (default 0); each iteration runs the next one. */
  epoch?: number;
  /**
   * A distributed run's share: this loader reads rank `rank` of `count` (distributed.rank() and
   * worldSize()). Every rank draws the same epoch order (same seed) and cuts it in global batches of
   * batchSize * count; a rank reads its contiguous batchSize samples of each. The last partial global
   * batch of m samples (kept unless dropLast) is split as evenly as can be: the first m % count ranks
   * read one sample more, and a rank reads none when m < count. All ranks together read the epoch
   * the single process reads.
   */
  shard?: { rank: number; count: number };
}

export interface Batch {
  /** float32 [B, C, H, W]. Yours to dispose (dispose(batch), or images.dispose()). */
  images: Tensor;
  /** int32 [B]. */
  labels: Tensor;
  /** The labels as a plain array. */
  labelArray: Int32Array;
  /** Position of the batch in its epoch. */
  index: number;
  epoch: number;
}

function checkShard(v: unknown): { rank: number; count: number } {
  const o = checkOptions<{ rank: number; count: number }>('loader', 'options.shard', v, ['rank', 'count']);
  const count = checkInt('loader', 'options.shard.count', o.count, 1, 1 << 20);
  const rank = checkInt('loader', 'options.shard.rank', o.rank, 0, count - 1);
  return { rank, count };
}

function positiveInt(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`loader: ${name} must be a positive integer, got ${v}`);
  return v;
}

export class DataLoader implements AsyncIterable<Batch> {
  readonly dataset: NativeDataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly workers: number;
  readonly prefetch: number;
  readonly seed: number;
  readonly onError: OnError;
  /** The share this loader reads (rank 0 of 1 outside a distributed run). */
  readonly shard: Readonly<{ rank: number; count: number }>;
  /** [C, H, W] of every image the loader yields. */
  readonly imageShape: readonly [number, number, number];
  private readonly handle: NativeLoaderHandle;
  private nextEpoch: number;
  private generation = 0;
  /** The epoch of the iteration running now, or null. */
  private active: number | null = null;

  constructor(dataset: Dataset, options: LoaderOptions = {}) {
    if (!(dataset instanceof NativeDataset)) {
      throw new TypeError('loader: the dataset must be one of data.cifar10, cifar100, mnist, fashionMnist, imagenet or imageFolder ' +
        '(the loader reads it from native worker threads)');
    }
    options = checkOptions<LoaderOptions>('loader', 'options', options,
      ['batchSize', 'shuffle', 'dropLast', 'transform', 'workers', 'prefetch', 'seed', 'onError', 'fastDecode', 'epoch', 'shard']);
    for (const k of ['shuffle', 'dropLast', 'fastDecode'] as const) if (options[k] !== undefined) checkBool('loader', `options.${k}`, options[k]);
    if (options.onError !== undefined) checkOneOf('loader', 'options.onError', options.onError, ['raise', 'skip']);
    for (const k of ['batchSize', 'workers', 'prefetch'] as const) {
      const v = options[k];
      if (v !== undefined && !(Number.isSafeInteger(v) && v >= 1 && v <= 1 << 20)) throw new Error(`loader: ${k} must be a positive integer (at most 2^20), got ${show(v)}`);
    }
    if (options.seed !== undefined && !(Number.isSafeInteger(options.seed) && options.seed >= 0)) {
      throw new Error(`loader: seed must be a non-negative safe integer, got ${show(options.seed)}`);
    }
    if (options.epoch !== undefined) checkInt('loader', 'options.epoch', options.epoch, 0);
    this.dataset = dataset;
    this.batchSize = positiveInt(options.batchSize, 32, 'batchSize');
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.workers = positiveInt(options.workers, Math.max(1, Math.min(4, os.availableParallelism())), 'workers');
    this.prefetch = positiveInt(options.prefetch, 2, 'prefetch');
    const seed = options.seed ?? nativeData.dataDrawSeed();
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`loader: seed must be a non-negative safe integer, got ${seed}`);
    this.seed = seed;
    this.onError = options.onError ?? dataset.onError;
    const epoch = options.epoch ?? 0;
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`loader: epoch must be a non-negative integer, got ${epoch}`);
    this.nextEpoch = epoch;
    const shard = options.shard === undefined ? { rank: 0, count: 1 } : checkShard(options.shard);
    this.shard = Object.freeze({ ...shard });
    this.handle = nativeData.dataLoaderCreate(dataset.handle, toNativeSteps(options.transform ?? [], 'loader'), this.batchSize,
      this.shuffle, this.dropLast, this.seed, this.workers, this.prefetch, this.onError, options.fastDecode ?? true, shard.rank, shard.count);
    this.imageShape = Object.freeze(nativeData.dataLoaderInfo(this.handle).shape);
  }

  /** Batches per epoch. */
  get length(): number {
    return nativeData.dataLoaderInfo(this.handle).batches;
  }

  /** The epoch the next iteration will run. */
  get epoch(): number {
    return this.nextEpoch;
  }
  set epoch(e: number) {
    if (!Number.isSafeInteger(e) || e < 0) throw new RangeError(`loader: epoch must be a non-negative integer, got ${e}`);
    this.nextEpoch = e;
  }

  /** Samples this loader left out (onError 'skip'), over all epochs. */
  get skipped(): number {
    return nativeData.dataLoaderInfo(this.handle).skipped;
  }

  /**
   * One epoch. Breaking out of the loop (or an error) stops the workers and frees the batches not
   * yet handed out. One iteration at a time: starting a second while one runs (two `for await`
   * loops over the same loader at once) throws an Error; close() ends the running one.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Batch, void, undefined> {
    if (this.active !== null) {
      throw new Error(`DataLoader: already being iterated (epoch ${this.active}); a second concurrent iteration would ` +
        'take its batches. Finish or break out of the first loop, or call close(), before iterating again');
    }
    const epoch = this.nextEpoch++;
    const generation = ++this.generation;
    this.active = epoch;
    nativeData.dataLoaderStart(this.handle, epoch);
    try {
      while (generation === this.generation) {
        const b = await nativeData.dataLoaderNext(this.handle);
        if (b === null) return;
        if (generation !== this.generation) {
          b.images.dispose();
          b.labels.dispose();
          return;
        }
        const images = new Tensor(b.images);
        const labels = new Tensor(b.labels);
        yield { images, labels, labelArray: labels.toArray() as Int32Array, index: b.index, epoch };
      }
    } finally {
      if (generation === this.generation) {
        this.active = null;
        nativeData.dataLoaderCancel(this.handle);
      }
    }
  }

  /** Stops the workers and frees what they made; a later iteration starts afresh. */
  close(): void {
    this.active = null;
    this.generation++;
    nativeData.dataLoaderCancel(this.handle);
  }
}

/** A loader over a dataset of `data` (see LoaderOptions). */
export function loader(dataset: Dataset, options: LoaderOptions = {}): DataLoader {
  return new DataLoader(dataset, options);
}
