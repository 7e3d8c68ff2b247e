import { full } from '../creation';
import { checkOptions, checkBool, checkNumber, checkInt } from '../check';
import { batchNorm2d } from '../functional/batch_norm2d';
import { batchNormRelu2d } from '../functional/batch_norm_relu2d';
import { relu as reluOp } from '../functional/relu';
import { syncBatchNorm2d } from '../distributed/sync_batch_norm';
import type { Tensor } from '../tensor';
import { constant } from './init';
import { Module } from './module';
import { CostCounter, expect4d, Shape } from './profile';

export interface BatchNorm2dOptions {
  eps?: number;
  /**
   * Weight of the new batch statistics in the running averages (default 0.1, PyTorch's
   * convention); null for a cumulative average over all batches seen.
   */
  momentum?: number | null;
  /** Learnable weight (starts at 1) and bias (starts at 0); default true. */
  affine?: boolean;
}

/**
 * Batch normalisation over N, H, W per channel. Buffers as PyTorch names them: running_mean,
 * running_var and num_batches_tracked (an int32 scalar, stored in files as I64 like PyTorch's). The batch count is kept in JavaScript
 * (numBatchesTracked) and written to its buffer whenever buffers or the state dict are read, so
 * training steps never copy it to the device.
 */
export class BatchNorm2d extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  readonly eps: number;
  readonly momentum: number | null;
  numBatchesTracked = 0;
  /**
   * Batch statistics over the batches of every rank of a distributed run, forward and backward
   * (DistributedDataParallel's syncBatchNorm sets it); training mode only.
   */
  synchronized = false;
  private readonly batchesTensor: Tensor;
  private batchesWritten = 0;

  constructor(readonly numFeatures: number, opts: BatchNorm2dOptions = {}) {
    super();
    checkInt('BatchNorm2d', 'numFeatures', numFeatures, 1, 2 ** 30);
    opts = checkOptions<BatchNorm2dOptions>('BatchNorm2d', 'options', opts, ['eps', 'momentum', 'affine']);
    if (opts.eps !== undefined) checkNumber('BatchNorm2d', 'options.eps', opts.eps, { above: 0 });
    if (opts.momentum !== undefined && opts.momentum !== null) checkNumber('BatchNorm2d', 'options.momentum', opts.momentum, { min: 0, max: 1 });
    if (opts.affine !== undefined) checkBool('BatchNorm2d', 'options.affine', opts.affine);
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const affine = opts.affine ?? true;
    this.weight = affine ? this.registerParameter('weight', constant([numFeatures], 1)) : null;
    this.bias = affine ? this.registerParameter('bias', constant([numFeatures], 0)) : null;
    this.runningMean = this.registerBuffer('running_mean', constant([numFeatures], 0));
    this.runningVar = this.registerBuffer('running_var', constant([numFeatures], 1));
    this.batchesTensor = this.registerBuffer('num_batches_tracked', full([], 0, { dtype: 'int32' }), { storedAs: 'I64' });
  }

  forward(x: Tensor): Tensor {
    return this.normalize(x, false);
  }

  /** relu(forward(x)) in one pass (functional.batchNormRelu2d). */
  forwardRelu(x: Tensor): Tensor {
    return this.normalize(x, true);
  }

  private normalize(x: Tensor, relu: boolean): Tensor {
    const training = this.training;
    const count = training ? this.numBatchesTracked + 1 : this.numBatchesTracked;
    const momentum = this.momentum ?? (training ? 1 / count : 0);
    let y: Tensor;
    if (training && this.synchronized) {
      const z = syncBatchNorm2d(x, this.runningMean, this.runningVar, this.weight, this.bias, momentum, this.eps);
      y = relu ? reluOp(z) : z;
    } else {
      const op = relu ? batchNormRelu2d : batchNorm2d;
      y = op(x, this.runningMean, this.runningVar, this.weight, this.bias, { training, momentum, eps: this.eps });
    }
    this.numBatchesTracked = count;
    return y;
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const [n, c, h, w] = expect4d('BatchNorm2d', input, this.numFeatures);
    counter.add(this, input, n * c * h * w);
    return input.slice();
  }

  protected override syncBuffers(): void {
    if (this.batchesWritten === this.numBatchesTracked || this.batchesTensor.isDisposed) return;
    const t = this.batchesTensor;
    t.set_(full([], this.numBatchesTracked, { dtype: 'int32', device: t.device }));
    this.batchesWritten = this.numBatchesTracked;
  }

  protected override stateLoaded(): void {
    this.numBatchesTracked = this.batchesTensor.item();
    this.batchesWritten = this.numBatchesTracked;
  }
}
