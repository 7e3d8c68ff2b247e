// The one typed interface of the native addon. Every entry validates its arguments and throws a
// JavaScript Error naming the op, the shapes and the device; nothing here re-checks them.
import * as path from 'path';

export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
export type FloatDType = 'float32' | 'float64';
export type Device = 'cpu' | 'cuda';
export type Layout = 'plain' | 'channels_last' | 'nChw16c' | 'nChw8c';
/** Elements as numbers: float32, float64 and int32 as their own arrays, int64 as Float64Array, bool as Uint8Array (0 or 1). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A native tensor handle: one reference to a block of device memory. */
export interface NativeTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly device: Device;
  readonly layout: Layout;
  readonly nbytes: number;
  readonly disposed: boolean;
  /** How many native tensors hold this handle's storage (1: this handle alone). */
  readonly storageRefs: number;
  /** Drops this handle's reference at once. */
  dispose(): void;
  /** A second handle on the same storage. */
  share(): NativeTensor;
  sameStorage(other: NativeTensor): boolean;
  describe(): string;
}

export interface BackendInfo {
  name: Device;
  available: boolean;
  /** Why the backend cannot be used, when it cannot. */
  reason?: string;
  info?: string;
}

export interface NativeMemory {
  tensors: number;
  bytes: number;
  peakBytes: number;
  allocatedBytes: number;
  cachedBytes: number;
  limitBytes: number;
  allocations: number;
}

/** Pairs of (height, width) for strides, paddings, dilations and kernel sizes. */
export type Pair = [number, number];
/** Which input gradients a backward entry should compute; it returns null for the others. */
export type Needs = boolean[];

/**
 * Ops: forward and backward entries that also exist on `ref`, where they run the float64
 * reference. Argument order follows the native kernels: gradients and saved tensors, inputs, sizes
 * and options. Unless an entry says otherwise, tensors are float32 or float64, all of one dtype and
 * one device, and 4-d tensors are [N, C, H, W].
 *
 * Layouts (cpu): a 4-d tensor may be plain, channels_last, nChw16c or nChw8c. conv2d writes its
 * output (and dx) in the layout oneDNN prefers (nChw16c with AVX-512), and the ops on the path of
 * a residual network (batch norm, relu, add, mul, mssar, dropout, sigmoid, global average pooling,
 * the fused ones) read and write that layout as it is; a second operand or a gradient in another
 * layout is brought to the first's. The other ops make their inputs plain first. The reference
 * kernels and cuda take plain tensors only.
 */
export interface NativeOps {
  reluForward(x: NativeTensor): NativeTensor;
  reluBackward(dy: NativeTensor, y: NativeTensor): NativeTensor;

  sigmoidForward(x: NativeTensor): NativeTensor;
  sigmoidBackward(dy: NativeTensor, y: NativeTensor): NativeTensor;

  /** w: [Cout, Cin/groups, kh, kw]; b: [Cout] or null. */
  conv2dForward(x: NativeTensor, w: NativeTensor, b: NativeTensor | null, stride: Pair, padding: Pair, dilation: Pair, groups: number): NativeTensor;
  /** needs: [dx, dw, db]; db is null without bias. */
  conv2dBackward(dy: NativeTensor, x: NativeTensor, w: NativeTensor, hasBias: boolean, stride: Pair, padding: Pair, dilation: Pair, groups: number, needs: Needs): [NativeTensor | null, NativeTensor | null, NativeTensor | null];

  /**
   * Training: normalizes with the batch's mean and biased variance, and (when given) updates the
   * running stats in place: r = (1 - momentum) r + momentum s, with the unbiased variance for
   * runningVar. Eval: normalizes with the running stats. weight/bias [C] or null (1 and 0).
   * Returns [y, saveMean, saveInvstd], the statistics used (1/sqrt(var + eps)) for backward.
   */
  batchNorm2dForward(x: NativeTensor, weight: NativeTensor | null, bias: NativeTensor | null, runningMean: NativeTensor | null, runningVar: NativeTensor | null, training: boolean, momentum: number, eps: number): [NativeTensor, NativeTensor, NativeTensor];
  /** needs: [dx, dweight, dbias]. In eval mode (training false) the statistics are constants. */
  batchNorm2dBackward(dy: NativeTensor, x: NativeTensor, weight: NativeTensor | null, saveMean: NativeTensor, saveInvstd: NativeTensor, training: boolean, needs: Needs): [NativeTensor | null, NativeTensor | null, NativeTensor | null];
  /** relu(batchNorm2d(x)) in one pass; the same arguments and results as batchNorm2dForward. */
  batchNormRelu2dForward(x: NativeTensor, weight: NativeTensor | null, bias: NativeTensor | null, runningMean: NativeTensor | null, runningVar: NativeTensor | null, training: boolean, momentum: number, eps: number): [NativeTensor, NativeTensor, NativeTensor];
  /** y: the forward's output, whose positive entries are where dy flows. needs: [dx, dweight, dbias]. */
  batchNormRelu2dBackward(dy: NativeTensor, y: NativeTensor, x: NativeTensor, weight: NativeTensor | null, saveMean: NativeTensor, saveInvstd: NativeTensor, training: boolean, needs: Needs): [NativeTensor | null, NativeTensor | null, NativeTensor | null];

  /** Returns [y, indices]: indices (int32) of each maximum within its input plane (h * W + w). */
  maxPool2dForward(x: NativeTensor, kernel: Pair, stride: Pair, padding: Pair, ceilMode: boolean): [NativeTensor, NativeTensor];
  maxPool2dBackward(dy: NativeTensor, indices: NativeTensor, inputShape: number[]): NativeTensor;
  avgPool2dForward(x: NativeTensor, kernel: Pair, stride: Pair, padding: Pair, ceilMode: boolean, countIncludePad: boolean): NativeTensor;
  avgPool2dBackward(dy: NativeTensor, inputShape: number[], kernel: Pair, stride: Pair, padding: Pair, ceilMode: boolean, countIncludePad: boolean): NativeTensor;
  /** [N, C, H, W] -> [N, C, 1, 1]. */
  globalAvgPool2dForward(x: NativeTensor): NativeTensor;
  /** dx in `layout` (default plain): the forward input's, so that the gradient keeps the activations' layout. */
  globalAvgPool2dBackward(dy: NativeTensor, inputShape: number[], layout?: Layout): NativeTensor;

  /**
   * He et al.'s option A shortcut: every stride-th row and column of x, and zero channels appended
   * up to outChannels: [N, outChannels, (H - 1) / stride + 1, (W - 1) / stride + 1], x's layout.
   */
  shortcutAForward(x: NativeTensor, stride: number, outChannels: number): NativeTensor;
  /** dx [inputShape] in dy's layout: dy's first C channels put back at every stride-th pixel, zero elsewhere. */
  shortcutABackward(dy: NativeTensor, inputShape: number[], stride: number): NativeTensor;

  /** x: [N, in], w: [out, in], b: [out] or null -> [N, out]. */
  linearForward(x: NativeTensor, w: NativeTensor, b: NativeTensor | null): NativeTensor;
  /** needs: [dx, dw, db]. */
  linearBackward(dy: NativeTensor, x: NativeTensor, w: NativeTensor, hasBias: boolean, needs: Needs): [NativeTensor | null, NativeTensor | null, NativeTensor | null];

  /** b: a's shape, or a channel broadcast [1, C, 1, 1] / [N, C, 1, 1] against a [N, C, H, W]. */
  addForward(a: NativeTensor, b: NativeTensor): NativeTensor;
  /** The gradient of b (da is dy itself): dy reduced to bShape. */
  addBackward(dy: NativeTensor, bShape: number[]): NativeTensor;
  /** relu(a + b), a and b of one shape. */
  addReluForward(a: NativeTensor, b: NativeTensor): NativeTensor;
  /** The gradient of a and of b: dy where y > 0, else 0. */
  addReluBackward(dy: NativeTensor, y: NativeTensor): NativeTensor;
  /** Same broadcasting as add. */
  mulForward(a: NativeTensor, b: NativeTensor): NativeTensor;
  /** needs: [da, db]. */
  mulBackward(dy: NativeTensor, a: NativeTensor, b: NativeTensor, needs: Needs): [NativeTensor | null, NativeTensor | null];

  /** Sums over `dims` (all of them when empty); keepDim keeps them as size 1. */
  sumForward(x: NativeTensor, dims: number[], keepDim: boolean): NativeTensor;
  sumBackward(dy: NativeTensor, inputShape: number[], dims: number[], keepDim: boolean): NativeTensor;
  meanForward(x: NativeTensor, dims: number[], keepDim: boolean): NativeTensor;
  meanBackward(dy: NativeTensor, inputShape: number[], dims: number[], keepDim: boolean): NativeTensor;

  /** Joins along `dim` (all other sizes equal). */
  concatForward(xs: NativeTensor[], dim: number): NativeTensor;
  /** Splits dy along `dim` into pieces of the given sizes. */
  concatBackward(dy: NativeTensor, sizes: number[], dim: number): NativeTensor[];

  /** Over dim 1 of a 2-d [N, K] tensor. */
  logSoftmaxForward(x: NativeTensor): NativeTensor;
  logSoftmaxBackward(dy: NativeTensor, y: NativeTensor): NativeTensor;

  /**
   * Mean over the batch of -sum_k q_k log p_k, p = softmax(logits [N, K]), q = (1 - s) onehot(label)
   * + s / K. labels: int32 [N], each in [0, K). Returns [loss (0-d), logProbs] (logProbs for backward).
   */
  crossEntropyForward(logits: NativeTensor, labels: NativeTensor, labelSmoothing: number): [NativeTensor, NativeTensor];
  crossEntropyBackward(dloss: NativeTensor, logProbs: NativeTensor, labels: NativeTensor, labelSmoothing: number): NativeTensor;

  /** Keeps each element with probability 1 - p, scaled by 1 / (1 - p); draws from the global generator. Returns [y, mask]. */
  dropoutForward(x: NativeTensor, p: number): [NativeTensor, NativeTensor];
  dropoutBackward(dy: NativeTensor, mask: NativeTensor): NativeTensor;

  /**
   * MS-SAR (docs/mssar.md): y = x * sigmoid(z), z the multi-scale context. weight: [K, C, 3, 3]
   * ([K, C, 3] when symmetric), bias [C] or [N, C] (one per image and channel). Returns [y, gate]
   * (gate g kept for backward).
   */
  mssarForward(x: NativeTensor, weight: NativeTensor, bias: NativeTensor, scales: number[], symmetric: boolean): [NativeTensor, NativeTensor];
  /**
   * relu(mssar(x) + residual) in one pass (fused on the cpu for nChw16c and nChw8c): the end of a
   * residual block whose branch ends in MS-SAR. Returns [out, gate]: the gate is state for
   * mssarAddReluBackward (with the same x), not a gate to read: the fused cpu kernels store -g, sign
   * bit set, where out is 0 (the ReLU's mask, so that the backward does not read out for it).
   */
  mssarAddReluForward(x: NativeTensor, weight: NativeTensor, bias: NativeTensor, residual: NativeTensor, scales: number[], symmetric: boolean): [NativeTensor, NativeTensor];
  /**
   * needs: [dx, dweight, dbias, dresidual]; dresidual is dout where out > 0. perSampleBias: the
   * bias was [N, C], and dbias then is (default false: [C]).
   */
  mssarAddReluBackward(dout: NativeTensor, out: NativeTensor, x: NativeTensor, gate: NativeTensor, weight: NativeTensor, scales: number[], symmetric: boolean, needs: Needs, perSampleBias?: boolean): [NativeTensor | null, NativeTensor | null, NativeTensor | null, NativeTensor | null];
  /** needs: [dx, dweight, dbias]; perSampleBias: the bias was [N, C], and dbias then is (default false: [C]). */
  mssarBackward(dy: NativeTensor, x: NativeTensor, gate: NativeTensor, weight: NativeTensor, scales: number[], symmetric: boolean, needs: Needs, perSampleBias?: boolean): [NativeTensor | null, NativeTensor | null, NativeTensor | null];

  // --- shape, indexing and linear algebra (docs/tensors.md) ---
  /** a [..., M, K] times b [..., K, N] -> [..., M, N]; both at least 2-d, batch dims broadcast. */
  matmulForward(a: NativeTensor, b: NativeTensor): NativeTensor;
  /** needs: [da, db]; each gradient has its operand's shape (summed over broadcast batch dims). */
  matmulBackward(dy: NativeTensor, a: NativeTensor, b: NativeTensor, needs: Needs): [NativeTensor | null, NativeTensor | null];
  /** y.shape[d] = x.shape[dims[d]] (a new contiguous tensor); any dtype. dims: a permutation of 0..ndim-1. */
  permuteForward(x: NativeTensor, dims: number[]): NativeTensor;
  /** dx = dy permuted back (the same dims as the forward). */
  permuteBackward(dy: NativeTensor, dims: number[]): NativeTensor;
  /** x repeated along its size-1 (and new leading) dims to `shape`; any dtype. */
  expandForward(x: NativeTensor, shape: number[]): NativeTensor;
  /** dy summed back to inputShape. */
  expandBackward(dy: NativeTensor, inputShape: number[]): NativeTensor;
  /** Elements start, start + step, ... below end of dim `dim` (0 <= start <= end <= size, step >= 1); any dtype. */
  sliceForward(x: NativeTensor, dim: number, start: number, end: number, step: number): NativeTensor;
  /** dx of inputShape: zero but where the slice's elements came from. */
  sliceBackward(dy: NativeTensor, inputShape: number[], dim: number, start: number, end: number, step: number): NativeTensor;
  /** Over dim 1 of a 2-d [N, K] tensor. */
  softmaxForward(x: NativeTensor): NativeTensor;
  softmaxBackward(dy: NativeTensor, y: NativeTensor): NativeTensor;
  /** x's entries index (int32 1-d, values in [0, x.shape[dim])) along dim. */
  indexSelectForward(x: NativeTensor, dim: number, index: NativeTensor): NativeTensor;
  /** dx of inputShape: dy added at the entries it came from. */
  indexSelectBackward(dy: NativeTensor, inputShape: number[], dim: number, index: NativeTensor): NativeTensor;
  /** y of index's shape: x read along dim at index (int32, x's number of dims). */
  gatherForward(x: NativeTensor, dim: number, index: NativeTensor): NativeTensor;
  gatherBackward(dy: NativeTensor, inputShape: number[], dim: number, index: NativeTensor): NativeTensor;
  /** value where mask (int32, x's shape) is nonzero, x elsewhere; value may be infinite. */
  maskedFillForward(x: NativeTensor, mask: NativeTensor, value: number): NativeTensor;
  /** dy where mask is zero, 0 elsewhere. */
  maskedFillBackward(dy: NativeTensor, mask: NativeTensor): NativeTensor;
  /** Over the last `size` elements of x (as [rows, size]); weight and bias of `size` elements or null. Returns [y, mean, rstd] (mean and rstd [rows], for backward). */
  layerNormForward(x: NativeTensor, weight: NativeTensor | null, bias: NativeTensor | null, size: number, eps: number): [NativeTensor, NativeTensor, NativeTensor];
  /** needs: [dx, dweight, dbias]. */
  layerNormBackward(dy: NativeTensor, x: NativeTensor, mean: NativeTensor, rstd: NativeTensor, weight: NativeTensor | null, hasBias: boolean, size: number, needs: Needs): [NativeTensor | null, NativeTensor | null, NativeTensor | null];
  /**
   * -(1 - s) w[y] logProbs[n, y] - (s / K) sum_k w[k] logProbs[n, k] per row (w = 1 when weight is null),
   * reduced: 'none' [N], 'sum', or 'mean' (divided by the sum of w[y]). labels int32 [N].
   */
  nllLossForward(logProbs: NativeTensor, labels: NativeTensor, weight: NativeTensor | null, labelSmoothing: number, reduction: string): NativeTensor;
  nllLossBackward(dloss: NativeTensor, logProbs: NativeTensor, labels: NativeTensor, weight: NativeTensor | null, labelSmoothing: number, reduction: string): NativeTensor;
  /** (input - target)^2 (one shape), reduced: 'none', 'sum' or 'mean'. */
  mseLossForward(input: NativeTensor, target: NativeTensor, reduction: string): NativeTensor;
  /** needs: [dinput, dtarget]. */
  mseLossBackward(dloss: NativeTensor, input: NativeTensor, target: NativeTensor, reduction: string, needs: Needs): [NativeTensor | null, NativeTensor | null];
}

/** Optimizer updates, in place on the parameter and its state. */
export interface NativeOptim {
  /**
   * SGD with momentum (PyTorch's formulation): g = grad + weightDecay * param;
   * buf = momentum * buf + (1 - dampening) * g (buf = g on the first step, when `first`);
   * step = nesterov ? g + momentum * buf : buf; param -= lr * step. momentumBuf null when momentum = 0.
   */
  sgdStep(param: NativeTensor, grad: NativeTensor, momentumBuf: NativeTensor | null, lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: boolean, first: boolean): void;
}

export interface DistBackendInfo {
  name: 'mpi' | 'nccl';
  available: boolean;
  /** Why the transport cannot be used, when it cannot. */
  reason?: string;
  info?: string;
}

export interface DistWorldInfo {
  rank: number;
  worldSize: number;
  localRank: number;
  localSize: number;
  backend: string;
}

/** A native frozen model (native/ops/frozen_model.h): the inference path of a network. */
export interface NativeFrozenModelHandle {
  readonly __nativeFrozenModel: never;
}

/** The frozen model's entries (binding/frozen_model.cpp). Each add returns the new value's number (0 is the input). */
export interface NativeFrozen {
  frozenModelCreate(): NativeFrozenModelHandle;
  /** act(conv(v) + b [+ residual]); residual -1 for none. */
  frozenModelAddConv(m: NativeFrozenModelHandle, input: number, weight: NativeTensor, bias: NativeTensor, stride: number, padding: number,
    relu: boolean, residual: number): number;
  frozenModelAddShortcutA(m: NativeFrozenModelHandle, input: number, stride: number, outChannels: number): number;
  /** globalWeight: MS-SAR's global-average scale [C] (absent or null: without it). */
  frozenModelAddMssarAddRelu(m: NativeFrozenModelHandle, input: number, weight: NativeTensor, bias: NativeTensor, scales: number[],
    symmetric: boolean, residual: number, globalWeight?: NativeTensor | null): number;
  frozenModelAddSeAddRelu(m: NativeFrozenModelHandle, input: number, w1: NativeTensor, b1: NativeTensor, w2: NativeTensor, b2: NativeTensor,
    residual: number): number;
  frozenModelAddAddRelu(m: NativeFrozenModelHandle, a: number, b: number): number;
  /** Global average pooling, flatten, linear. */
  frozenModelAddHead(m: NativeFrozenModelHandle, input: number, weight: NativeTensor, bias: NativeTensor): number;
  frozenModelRun(m: NativeFrozenModelHandle, x: NativeTensor): NativeTensor;
  frozenModelBytes(m: NativeFrozenModelHandle): number;
  frozenModelRelease(m: NativeFrozenModelHandle): void;
}

export interface NativeBinding extends NativeOps, NativeOptim, NativeFrozen {
  /** The float64 reference kernels (native/cpu/ref): same entries, plain float64 cpu tensors only. */
  ref: NativeOps;

  fromArray(data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array, shape: number[], dtype: DType, device: Device): NativeTensor;
  /** int64 as a Float64Array (an Error for a value past 2^53), bool as a Uint8Array. */
  toArray(t: NativeTensor): TypedArray;
  /** The elements of an int64 tensor, exactly. */
  toBigInt64Array(t: NativeTensor): BigInt64Array;
  full(shape: number[], value: number, dtype: DType, device: Device): NativeTensor;
  randUniform(shape: number[], low: number, high: number, dtype: FloatDType, device: Device): NativeTensor;
  randNormal(shape: number[], mean: number, std: number, dtype: FloatDType, device: Device): NativeTensor;
  cast(t: NativeTensor, dtype: DType): NativeTensor;
  toDevice(t: NativeTensor, device: Device): NativeTensor;
  toLayout(t: NativeTensor, layout: Layout): NativeTensor;
  reshape(t: NativeTensor, shape: number[]): NativeTensor;
  clone(t: NativeTensor): NativeTensor;
  accumulate(dst: NativeTensor, src: NativeTensor): void;

  backends(): BackendInfo[];
  memory(device: Device): NativeMemory;
  resetPeakMemory(device: Device): void;
  emptyCache(device: Device): void;
  setMemoryLimit(device: Device, bytes: number): void;
  synchronize(device: Device): void;
  manualSeed(seed: number): void;
  getRngState(): [number, number];
  setRngState(seed: number, offset: number): void;
  /**
   * Starts timing every entry call (device work drained before and after each), in wall time
   * (default) or in the process's CPU time over all threads ('cpu').
   */
  profilerStart(clock?: 'wall' | 'cpu'): void;
  /** Stops timing; what each entry took, most time first. */
  profilerStop(): { name: string; calls: number; ms: number }[];
  getNumThreads(): number;
  setNumThreads(n: number): void;
  maxNumThreads(): number;
  setMaxImagePixels(n: number): void;
  getMaxImagePixels(): number;
  /**
   * TF32 tensor-core math for float32 convolutions and matrix products on CUDA (on by default;
   * float64 never uses it). Both throw why CUDA is unavailable, when it is.
   */
  setTF32(on: boolean): void;
  getTF32(): boolean;
  /** How many oneDNN primitives the CPU kernels' caches have built, and how often they were asked for one. */
  dnnlCacheStats(): { built: number; lookups: number };
  /** The transports of mssar.distributed (native/core/distributed.h): whether libmssar_mpi.so loads, and why not. */
  distBackends(): DistBackendInfo[];
  /** Whether an MPI launcher started this process (its environment variables are set). */
  distLaunched(): boolean;
  /** Starts the world (MPI when launched, else a world of one); idempotent. */
  distInit(timeoutSeconds: number): DistWorldInfo;
  /** Starts an in-place all-reduce of the tensors' concatenation on the communication thread; wait on the id. */
  distAllReduceStart(tensors: NativeTensor[], op: 'sum' | 'mean' | 'max'): number;
  distWait(id: number): void;
  /** In place, after checking that every rank passes the same shape and dtype. */
  distAllReduce(t: NativeTensor, op: 'sum' | 'mean' | 'max'): void;
  /** In place: root's t into every rank's t (same shape and dtype on every rank). */
  distBroadcast(t: NativeTensor, root: number): void;
  /** Every rank's t concatenated along dim 0 (a scalar becomes [worldSize]). */
  distAllGather(t: NativeTensor): NativeTensor;
  distBroadcastString(s: string, root: number): string;
  distBarrier(): void;
  distFinalize(): void;
  /** Ends this process at once with `code`; the launcher then ends the other ranks. */
  distAbort(code: number): never;
  /** MS-SAR's limits on its scales (native/ops/mssar.h, their one home). */
  mssarLimits(): { maxScale: number; maxScales: number };
}

function load(): NativeBinding {
  const file = process.env.MSSAR_ADDON ?? path.resolve(__dirname, '..', '..', 'build', 'Release', 'mssar.node');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as NativeBinding;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`mssar: cannot load the native addon ${file}: ${why}\n` +
      'Build it with `npm run build:native` (see README.md, Quick start).');
  }
}

export const native: NativeBinding = load();

let referenceDepth = 0;

/**
 * The kernels an op should call now: the fast ones, or the float64 reference inside
 * reference(fn). Ops take this once per call and let their backward closure keep it, so forward
 * and backward of one recorded op always run on the same kernels.
 */
export function kernels(): NativeOps {
  return referenceDepth > 0 ? native.ref : native;
}

/** Whether ops run on the float64 reference kernels now (inside reference(fn)). */
export function isReference(): boolean {
  return referenceDepth > 0;
}

/**
 * Runs fn with every op on the float64 reference kernels (native/cpu/ref): the ground truth the
 * tests and `mssar gradcheck` compare the fast kernels with. Inputs must be float64 cpu tensors.
 */
export function reference<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new Error(`reference: fn must be a function, got ${fn === null ? 'null' : typeof fn}`);
  referenceDepth++;
  try {
    return fn();
  } finally {
    referenceDepth--;
  }
}

// ---------------------------------------------------------------------------------------------
// The data pipeline (native/data, binding/data_*.cpp; used by src/data).

/** An opened dataset, owned by native code (freed when the last handle and loader are gone). */
export interface NativeDatasetHandle {
  readonly __nativeDataset: never;
}
/** A native loader: worker threads making batches ahead of the consumer. */
export interface NativeLoaderHandle {
  readonly __nativeLoader: never;
}

export type OnError = 'raise' | 'skip';

export interface NativeDatasetInfo {
  /** 'cifar10', 'cifar100', 'mnist', 'fashion-mnist', 'imagenet', 'imageFolder'. */
  kind: string;
  length: number;
  classes: string[];
  /** [C, H, W] of every sample; H and W are -1 when images differ in size (JPEG folders). */
  shape: [number, number, number];
  /** Samples left out so far (onError 'skip'), while loading and by loaders. */
  skipped: number;
}

export interface NativeSample {
  /** 8-bit pixels, CHW. */
  image: Uint8Array;
  label: number;
  shape: [number, number, number];
  /** The file the sample comes from. */
  path: string;
}

/** A transform step as the native side takes it: sizes are [height, width] (resize: [short, 0]). */
export interface NativeTransformStep {
  kind: 'randomCrop' | 'centerCrop' | 'resize' | 'randomResizedCrop' | 'horizontalFlip' | 'toFloat' | 'normalize';
  size?: [number, number];
  padding?: number;
  scale?: [number, number];
  ratio?: [number, number];
  p?: number;
  mean?: number[];
  std?: number[];
}

export interface NativeBatch {
  /** float32 [B, C, H, W] (B smaller than the batch size when samples were skipped, or at the end). */
  images: NativeTensor;
  /** int32 [B]. */
  labels: NativeTensor;
  /** Position of the batch in its epoch. */
  index: number;
}

export interface NativeTransformedSample {
  /** float32, CHW. */
  image: Float32Array;
  shape: [number, number, number];
  label: number;
  /** The source rectangle the output covers, in source pixels: [x0, y0, x1, y1]. */
  rect: [number, number, number, number];
  flipped: boolean;
  /** [H, W] of the source image. */
  sourceShape: [number, number];
  /** The DCT scale a JPEG was decoded at (1 for decoded datasets). */
  decodeScale: number;
}

export interface NativeData {
  dataCifar(path: string, variant: 10 | 100, split: 'train' | 'test', labels: 'fine' | 'coarse', onError: OnError): NativeDatasetHandle;
  dataIdx(dir: string, fashion: boolean, split: 'train' | 'test', onError: OnError): NativeDatasetHandle;
  dataImageFolder(dir: string, onError: OnError): NativeDatasetHandle;
  dataImagenet(dir: string, split: 'train' | 'val', labelsFile: string | null, onError: OnError): NativeDatasetHandle;
  datasetInfo(ds: NativeDatasetHandle): NativeDatasetInfo;
  datasetGet(ds: NativeDatasetHandle, index: number): NativeSample;
  dataSubset(ds: NativeDatasetHandle, indices: Int32Array): NativeDatasetHandle;

  dataLoaderCreate(ds: NativeDatasetHandle, transform: NativeTransformStep[], batchSize: number, shuffle: boolean,
    dropLast: boolean, seed: number, workers: number, prefetch: number, onError: OnError, fastDecode: boolean,
    shardRank: number, shardCount: number): NativeLoaderHandle;
  dataLoaderInfo(loader: NativeLoaderHandle): { batches: number; shape: [number, number, number]; skipped: number };
  /** Starts an epoch (cancelling a running one): the order and the augmentations depend on (seed, epoch). */
  dataLoaderStart(loader: NativeLoaderHandle, epoch: number): void;
  /** The next batch of the running epoch; null at its end or once cancelled. Rejects with the error of a bad sample. */
  dataLoaderNext(loader: NativeLoaderHandle): Promise<NativeBatch | null>;
  /** Stops and joins the workers and frees the batches not handed out. */
  dataLoaderCancel(loader: NativeLoaderHandle): void;
  /** One sample through a transform, with the geometry it drew (for tests and previews). */
  dataTransformSample(ds: NativeDatasetHandle, transform: NativeTransformStep[], index: number, seed: number,
    epoch: number, fastDecode: boolean): NativeTransformedSample;
  /** A seed drawn from the global generator (manualSeed makes it reproducible). */
  dataDrawSeed(): number;

  /** Baseline JPEG of HWC pixels (1: grey, 3: RGB, 4: CMYK as Adobe stores it), for fixtures and benchmarks. */
  encodeJpeg(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4, quality: number): Uint8Array;
  /** RGB HWC pixels of a JPEG. */
  decodeJpeg(bytes: Uint8Array): { data: Uint8Array; width: number; height: number };
}

/** The addon seen with its data entries. */
export const nativeData = native as NativeBinding & NativeData;

/**
 * The elementwise and reduction families of the tensor API (docs/tensors.md); merged into
 * NativeOps. Operands share one dtype (the functional layer promotes them) and broadcast by NumPy's
 * rules; results are plain.
 */
export interface NativeOps {
  /** Arithmetic keeps the dtype (div and pow: floats only; bool: comparisons only); comparisons give bool. */
  binaryForward(a: NativeTensor, b: NativeTensor, op: BinaryOpName): NativeTensor;
  /** lo and hi: clamp's bounds (-Infinity and Infinity for none); the other ops ignore them. */
  unaryForward(x: NativeTensor, op: UnaryOpName, lo: number, hi: number): NativeTensor;
  /** dy * f'(x), from the forward's x and y. */
  unaryBackward(dy: NativeTensor, x: NativeTensor, y: NativeTensor, op: UnaryOpName, lo: number, hi: number): NativeTensor;
  /** cond: bool; a and b of one dtype. */
  whereForward(cond: NativeTensor, a: NativeTensor, b: NativeTensor): NativeTensor;
  /** Max (or min) over `dims` (all when empty). Returns [values, indices (int64, row-major over the reduced dims)]. */
  extremumForward(x: NativeTensor, dims: number[], keepDim: boolean, isMin: boolean): [NativeTensor, NativeTensor];
  /** dx: zeros with dy at each extremum's position. */
  extremumBackward(dy: NativeTensor, indices: NativeTensor, inputShape: number[], dims: number[], keepDim: boolean): NativeTensor;
}

export type BinaryOpName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type UnaryOpName = 'neg' | 'abs' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'tanh' | 'gelu' | 'clamp';
