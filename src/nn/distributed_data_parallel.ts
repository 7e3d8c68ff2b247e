// Data-parallel training (PyTorch's DistributedDataParallel, Horovod's DistributedOptimizer): every
// rank holds the whole model and runs its share of the batch; gradients are averaged over the ranks
// before the optimizer step, so every rank takes the same step.
//
// The parameters are grouped in buckets of about `bucketMB`, in reverse order of registration (the
// order in which backward produces their gradients). When the last gradient of a bucket is final,
// the bucket's all-reduce starts on the native communication thread while backward goes on; the
// buckets start in the same order on every rank (a bucket waits for the earlier ones), as MPI's
// collectives must. synchronize() starts what is left (a parameter that got no gradient contributes
// zeros) and waits for all of them: call it after backward and before the optimizer step.
//
// Without overlap (CUDA models, whose gradients go over NCCL, or `overlap: false`), synchronize()
// reduces each bucket after backward: its gradients are copied into one flat tensor, all-reduced in
// one collective, and cut back into the parameters' gradients.
import { setGradReadyHook } from '../autograd';
import { checkInstance, checkNumber, checkOptions, checkBool } from '../check';
import { init } from '../distributed/world';
import { native } from '../native';
import { Tensor } from '../tensor';
import { zerosLike } from '../creation';
import { cat } from '../functional/shape';
import { slice } from '../functional/slice';
import { Module } from './module';
import { BatchNorm2d } from './batch_norm2d';
import type { Layer } from './sequential';
import type { CostCounter, Shape } from './profile';

export interface DistributedDataParallelOptions {
  /** The size of a gradient bucket in megabytes (2^20 bytes): default 25, PyTorch's. */
  bucketMB?: number;
  /**
   * Give every rank rank 0's float buffers (batch-norm running statistics) at each training-mode
   * forward, so that all ranks evaluate the same model (default true, PyTorch's).
   */
  broadcastBuffers?: boolean;
  /**
   * Batch norm over the batches of all ranks (forward and backward), as one process would compute
   * it on their concatenation (default false: each rank normalizes its own batch).
   */
  syncBatchNorm?: boolean;
  /**
   * Start a bucket's all-reduce during backward, as soon as its gradients are final (default true
   * for a model on the cpu). A model on CUDA reduces its buckets in synchronize(), over NCCL, after
   * backward (true is refused there in this version).
   */
  overlap?: boolean;
}

interface Bucket {
  params: Tensor[];
  ready: number;
  id: number | null;
}

export class DistributedDataParallel extends Module<[Tensor], Tensor> {
  readonly module: Layer;
  readonly bucketBytes: number;
  private readonly broadcastBuffers: boolean;
  /** Buckets start during backward (false: synchronize() reduces them, flattened). */
  readonly overlap: boolean;
  private readonly buckets: Bucket[] = [];
  private readonly bucketOf = new Map<Tensor, Bucket>();
  private nextBucket = 0;
  private hooked: Tensor[] = [];
  /** The last synchronize(): how many buckets there are and how many started during backward. */
  lastSync = { buckets: 0, startedInBackward: 0 };

  constructor(module: Layer, opts?: DistributedDataParallelOptions) {
    super();
    const fn = 'DistributedDataParallel';
    checkInstance(fn, 'module', module, Module, 'a Module');
    const o = checkOptions<DistributedDataParallelOptions>(fn, 'opts', opts, ['bucketMB', 'broadcastBuffers', 'syncBatchNorm', 'overlap']);
    const syncBN = o.syncBatchNorm === undefined ? false : checkBool(fn, 'opts.syncBatchNorm', o.syncBatchNorm);
    const mb = o.bucketMB === undefined ? 25 : checkNumber(fn, 'opts.bucketMB', o.bucketMB, { above: 0, max: 1024 });
    this.broadcastBuffers = o.broadcastBuffers === undefined ? true : checkBool(fn, 'opts.broadcastBuffers', o.broadcastBuffers);
    this.bucketBytes = Math.max(1, Math.round(mb * 2 ** 20));
    this.module = this.registerModule('module', module);
    const devices = new Set(module.parameters().map((p) => p.device));
    if (devices.size > 1) throw new Error(`${fn}: the module's parameters are on several devices (${[...devices].join(', ')}); move it to one with module.to()`);
    const onCuda = devices.has('cuda');
    const overlap = o.overlap === undefined ? !onCuda : checkBool(fn, 'opts.overlap', o.overlap);
    if (onCuda && overlap) throw new Error(`${fn}: opts.overlap true needs a model on the cpu: a CUDA model's buckets are all-reduced over NCCL in synchronize(), after backward, in this version`);
    this.overlap = overlap;
    init();
    checkSameParameters(module);
    // Every rank starts from rank 0's weights and buffers.
    for (const t of [...module.parameters(), ...module.buffers()]) native.distBroadcast(t.handle, 0);
    this.makeBuckets(module.parameters());
    if (syncBN) for (const m of module.modules()) if (m instanceof BatchNorm2d) m.synchronized = true;
  }

  override forward(x: Tensor): Tensor {
    if (this.training && this.broadcastBuffers) this.shareBuffers();
    return this.module.forward(x);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    return this.module.profile(input, counter);
  }

  /**
   * Rank 0's float buffers into every rank's: one broadcast per dtype of all of them flattened
   * (a model has dozens of small batch-norm buffers, and each collective is a synchronization).
   */
  shareBuffers(): void {
    if (init().worldSize === 1) return;
    const byDtype = new Map<string, Tensor[]>();
    for (const b of this.module.buffers()) {
      if (b.dtype === 'float32' || b.dtype === 'float64') byDtype.set(b.dtype, [...(byDtype.get(b.dtype) ?? []), b]);
    }
    for (const buffers of byDtype.values()) {
      const plain = buffers.map((b) => (b.handle.layout === 'plain' ? b : new Tensor(native.toLayout(b.handle, 'plain'))));
      const views = plain.map((p) => p.reshape([p.size]));
      const flat = cat(views, 0);
      for (const v of views) v.dispose();
      plain.forEach((p, i) => p !== buffers[i] && p.dispose());
      try {
        native.distBroadcast(flat.handle, 0);
        let at = 0;
        for (const b of buffers) {
          const piece = slice(flat, 0, at, at + b.size);
          b.set_(piece.reshape(b.shape.slice()));
          piece.dispose();
          at += b.size;
        }
      } finally {
        flat.dispose();
      }
    }
  }

  /**
   * Starts the buckets not started yet and waits for every bucket: afterwards each parameter's grad
   * is the mean of the ranks' gradients. Call after backward, before the optimizer step.
   */
  synchronize(): void {
    if (!this.overlap) {
      this.lastSync = { buckets: this.buckets.length, startedInBackward: 0 };
      for (const b of this.buckets) reduceFlattened(b.params);
      return;
    }
    this.lastSync = { buckets: this.buckets.length, startedInBackward: this.nextBucket };
    for (const b of this.buckets) b.ready = b.params.length;
    this.launchReady();
    try {
      for (const b of this.buckets) {
        if (b.id !== null) native.distWait(b.id);
        b.id = null;
      }
    } finally {
      for (const b of this.buckets) {
        b.ready = 0;
        b.id = null;
      }
      this.nextBucket = 0;
    }
  }

  /** Removes the gradient hooks from the parameters (the module stays usable on its own). */
  detach(): void {
    for (const p of this.hooked) setGradReadyHook(p, null);
    this.hooked = [];
    for (const m of this.module.modules()) if (m instanceof BatchNorm2d) m.synchronized = false;
  }

  override dispose(): void {
    this.detach();
    super.dispose();
  }

  private makeBuckets(params: Tensor[]): void {
    let current: Bucket | null = null;
    let bytes = 0;
    for (const p of params.slice().reverse()) {
      const size = p.size * (p.dtype === 'float64' ? 8 : 4);
      if (!current || bytes + size > this.bucketBytes || current.params[0].dtype !== p.dtype) {
        current = { params: [], ready: 0, id: null };
        this.buckets.push(current);
        bytes = 0;
      }
      current.params.push(p);
      bytes += size;
      this.bucketOf.set(p, current);
      if (!this.overlap) continue;
      setGradReadyHook(p, (leaf) => this.gradReady(leaf));
      this.hooked.push(p);
    }
  }

  private gradReady(p: Tensor): void {
    const b = this.bucketOf.get(p)!;
    if (b.id !== null) {
      throw new Error('DistributedDataParallel: a second backward pass before synchronize(); call synchronize() after each backward');
    }
    b.ready++;
    this.launchReady();
  }

  private launchReady(): void {
    while (this.nextBucket < this.buckets.length) {
      const b = this.buckets[this.nextBucket];
      if (b.ready < b.params.length || b.id !== null) return;
      const grads = b.params.map((p) => {
        let g = p.grad;
        if (!g || g.isDisposed) {
          g = zerosLike(p).keep();
          p.grad = g;
        } else if (g.handle.storageRefs !== 1 || g.handle.layout !== 'plain') {
          // The reduction writes in place: a gradient sharing its storage gets its own copy.
          const own = new Tensor(g.handle.layout === 'plain' ? native.clone(g.handle) : native.toLayout(g.handle, 'plain')).keep();
          g.dispose();
          p.grad = own;
          g = own;
        }
        return g.handle;
      });
      b.id = native.distAllReduceStart(grads, 'mean');
      this.nextBucket++;
    }
  }
}

/**
 * The mean over the ranks of the gradients of `params` (one dtype, one device), in one collective:
 * copied into one flat tensor, all-reduced (MPI for the cpu, NCCL for CUDA), cut back into each
 * parameter's gradient. A parameter without a gradient contributes zeros.
 */
function reduceFlattened(params: Tensor[]): void {
  const pieces = params.map((p) => {
    const g = p.grad && !p.grad.isDisposed ? p.grad : null;
    const plain = g === null ? zerosLike(p) : g.handle.layout === 'plain' ? g : new Tensor(native.toLayout(g.handle, 'plain'));
    return { flat: plain.reshape([p.size]), owned: plain !== g ? plain : null };
  });
  const flat = cat(pieces.map((x) => x.flat), 0);
  for (const x of pieces) {
    x.flat.dispose();
    x.owned?.dispose();
  }
  try {
    native.distAllReduce(flat.handle, 'mean');
    let at = 0;
    for (const p of params) {
      const piece = slice(flat, 0, at, at + p.size);
      const grad = piece.reshape(p.shape.slice()).keep();
      piece.dispose();
      p.grad?.dispose();
      p.grad = grad;
      at += p.size;
    }
  } finally {
    flat.dispose();
  }
}

/** Throws on every rank alike, naming the first difference, unless all ranks have the same parameters. */
function checkSameParameters(module: Layer): void {
  const fn = 'DistributedDataParallel';
  const mine = module.namedParameters().map(([n, p]) => `${n} [${p.shape.join(',')}] ${p.dtype}`);
  const theirs = native.distBroadcastString(mine.join('\n'), 0).split('\n').filter((l) => l !== '');
  let diff = '';
  const n = Math.max(mine.length, theirs.length);
  for (let i = 0; i < n && !diff; i++) {
    if (mine[i] !== theirs[i]) {
      diff = `parameter ${i}: rank 0 has ${theirs[i] ?? 'nothing'}, rank ${init().rank} has ${mine[i] ?? 'nothing'}`;
    }
  }
  // Which ranks differ, known to all; the first of them tells everyone its difference.
  const flag = native.fromArray(new Int32Array([diff ? 1 : 0]), [1], 'int32', 'cpu');
  const flagsHandle = native.distAllGather(flag);
  flag.dispose();
  const flags = native.toArray(flagsHandle) as Int32Array;
  flagsHandle.dispose();
  const first = flags.findIndex((v) => v !== 0);
  if (first < 0) return;
  const message = native.distBroadcastString(diff, first);
  throw new Error(`${fn}: the ranks' models differ (every rank must build the same model): ${message}`);
}
