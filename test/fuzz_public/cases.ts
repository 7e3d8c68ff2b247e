// The cases of the public-API fuzz test (test/public_fuzz.test.ts): malformed calls of every
// exported function and class, made deterministically from a seed so that a child process can
// rebuild the same list and run a slice of it. A case names the function and what it passed.
import * as m from '../../src/index';
import { Rng } from '../../src/gradcheck/rng';

export interface Case {
  label: string;
  /** Message prefixes accepted: the function's public name (or its class). */
  names: string[];
  run: () => unknown;
  /** A legal call: must succeed. A malformed one must throw an Error named as `names`. */
  legal: boolean;
}

type Fn = (...a: unknown[]) => unknown;

function show(v: unknown): string {
  if (typeof v === 'symbol') return 'Symbol()';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'fn';
  if (v instanceof m.Tensor) return v.isDisposed ? 'disposed' : `T[${v.shape}]${v.dtype}`;
  if (ArrayBuffer.isView(v)) return (v as object).constructor.name;
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}:${show(x)}`).join(',')}}`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Everything the cases use, made once per process. */
export function fixtures() {
  const x = m.randn([2, 3, 5, 5]);
  const w = m.randn([4, 3, 3, 3]);
  const v = m.randn([3]);
  const logits = m.randn([2, 5]);
  const labels = m.tensor([1, 4], [2], { dtype: 'int32' });
  const int32 = m.tensor([1, 2], [2], { dtype: 'int32' });
  const disposed = m.ones([2]);
  disposed.dispose();
  const mw = m.zeros([3, 3, 3, 3]);
  const mb = m.zeros([3]);
  const lw = m.randn([4, 3]);
  const x2 = m.randn([2, 3]);
  const p = m.randn([3], { requiresGrad: true });
  return { x, w, v, logits, labels, int32, disposed, mw, mb, lw, x2, p };
}
type Fx = ReturnType<typeof fixtures>;

/** Values wrong for every argument: any call holding one must be refused. */
function poisons(fx: Fx): unknown[] {
  return [Symbol('poison'), BigInt(7), fx.disposed, new Date(0), [Symbol('p')]];
}

/** Values wrong for most arguments (a case with one may still be legal; see `legalValue`). */
function wrongs(fx: Fx): unknown[] {
  return [undefined, null, NaN, -1, 0.5, 2 ** 31, 2 ** 53, Infinity, 'x', '3', '', true, {}, [], [NaN], [-1, 2],
    [2 ** 40, 2 ** 40], [[1]], () => 1, new Float32Array(2), fx.int32, new Map()];
}

interface Spec {
  name: string;
  fn: Fn;
  /** A legal argument list; each position (and each option key) is mutated in turn. */
  args: (fx: Fx) => unknown[];
  ctor?: boolean;
  names?: string[];
  /** Positions not to mutate (callbacks, objects that accept anything). */
  skip?: number[];
  /** Only poisoned arguments (a wrong but legal value would start real work: a training run). */
  poisonOnly?: boolean;
  /** Option keys whose value is not looked at (any value is legal). */
  anyKeys?: string[];
  /** The position of a file argument: errors about a file's content name the file first (as loadSafetensors does). */
  fileArg?: number;
}

const F = m.functional;

/** A real dataset for the loader cases: Debian's Fashion-MNIST test split (installed by npm ci). */
let opened: m.data.NativeDataset | null = null;
function dataset(): m.data.NativeDataset {
  opened ??= m.data.fashionMnist({ split: 'test' });
  return opened;
}
const nn = m.nn;

/** One frozen ResNet-20 for the FrozenModel.forward cases. */
let frozenModel: m.inference.FrozenModel | null = null;
function frozen(): m.inference.FrozenModel {
  frozenModel ??= m.inference.freeze(m.models.create('resnet20').eval());
  return frozenModel;
}

function specs(): Spec[] {
  const S: Spec[] = [
    // tensors
    { name: 'tensor', fn: m.tensor as Fn, args: () => [[1, 2, 3], [3], { dtype: 'float32' }] },
    { name: 'zeros', fn: m.zeros as Fn, args: () => [[2, 3], { dtype: 'float64' }] },
    { name: 'ones', fn: m.ones as Fn, args: () => [[2, 3], { device: 'cpu' }] },
    { name: 'full', fn: m.full as Fn, args: () => [[2], 3, { requiresGrad: false }] },
    { name: 'zerosLike', fn: m.zerosLike as Fn, args: (fx) => [fx.x, { dtype: 'float32' }] },
    { name: 'onesLike', fn: m.onesLike as Fn, args: (fx) => [fx.x, { dtype: 'float64' }] },
    { name: 'rand', fn: m.rand as Fn, args: () => [[3], { low: 0, high: 2 }] },
    { name: 'randn', fn: m.randn as Fn, args: () => [[3], { mean: 0, std: 2 }] },
    { name: 'manualSeed', fn: m.manualSeed as Fn, args: () => [5] },
    { name: 'setRngState', fn: m.setRngState as Fn, args: () => [m.getRngState()] },
    { name: 'setNumThreads', fn: m.setNumThreads as Fn, args: () => [m.getNumThreads()] },
    { name: 'setMemoryLimit', fn: m.setMemoryLimit as Fn, args: () => ['cpu', 0] },
    { name: 'tidy', fn: m.tidy as Fn, args: () => [() => 1] },
    { name: 'keep', fn: m.keep as Fn, args: () => [m.ones([1])] },
    { name: 'noGrad', fn: m.noGrad as Fn, args: () => [() => 1] },
    { name: 'enableGrad', fn: m.enableGrad as Fn, args: () => [() => 1] },
    { name: 'reference', fn: m.reference as Fn, args: () => [() => 1] },
    { name: 'setTF32', fn: m.setTF32 as Fn, args: () => [false] },
    { name: 'isAvailable', fn: m.isAvailable as Fn, args: () => ['cpu'] },
    { name: 'requireDevice', fn: m.requireDevice as Fn, args: () => ['cpu'] },
    { name: 'resolveDevice', fn: m.resolveDevice as Fn, args: () => ['cpu'] },
    { name: 'gradcheck', fn: m.gradcheck as Fn, args: () => [(a: m.Tensor) => F.relu(a), [m.randn([3], { dtype: 'float64', requiresGrad: true })]] },
    // Tensor methods
    { name: 'reshape', fn: (t: unknown, s: unknown) => (t as m.Tensor).reshape(s as number[]), args: (fx) => [fx.x, [2, -1]], skip: [0] },
    { name: 'flatten', fn: (t: unknown, d: unknown) => (t as m.Tensor).flatten(d as number), args: (fx) => [fx.x, 1], skip: [0] },
    { name: 'cast', fn: (t: unknown, d: unknown) => (t as m.Tensor).cast(d as 'float32'), args: (fx) => [fx.x, 'float64'], skip: [0] },
    { name: 'toLayout', fn: (t: unknown, d: unknown) => (t as m.Tensor).toLayout(d as 'plain'), args: (fx) => [fx.x, 'nChw16c'], skip: [0] },
    { name: 'Tensor.to', fn: (t: unknown, d: unknown) => (t as m.Tensor).to(d as 'cpu'), args: (fx) => [fx.x, 'cpu'], skip: [0] },
    { name: 'backward', fn: (g: unknown, o: unknown) => m.tidy(() => F.sum(F.mul(m.ones([3], { requiresGrad: true }), m.ones([3]))).backward(g as m.Tensor, o as {})), args: () => [undefined, { retainGraph: false }] },
    // functional
    { name: 'relu', fn: F.relu as Fn, args: (fx) => [fx.x] },
    { name: 'sigmoid', fn: F.sigmoid as Fn, args: (fx) => [fx.x] },
    { name: 'add', fn: F.add as Fn, args: (fx) => [fx.x, fx.x] },
    { name: 'addRelu', fn: F.addRelu as Fn, args: (fx) => [fx.x, fx.x] },
    { name: 'mul', fn: F.mul as Fn, args: (fx) => [fx.x, fx.x] },
    { name: 'sum', fn: F.sum as Fn, args: (fx) => [fx.x, { dims: [1], keepDim: true }] },
    { name: 'mean', fn: F.mean as Fn, args: (fx) => [fx.x, { dims: [1], keepDim: false }] },
    { name: 'concat', fn: F.concat as Fn, args: (fx) => [[fx.x, fx.x], 1] },
    { name: 'logSoftmax', fn: F.logSoftmax as Fn, args: (fx) => [fx.logits, -1] },
    { name: 'crossEntropy', fn: F.crossEntropy as Fn, args: (fx) => [fx.logits, fx.labels, { labelSmoothing: 0.1, weight: m.ones([5]), reduction: 'sum' }] },
    { name: 'conv2d', fn: F.conv2d as Fn, args: (fx) => [fx.x, fx.w, null, { stride: 1, padding: [1, 1], dilation: 1, groups: 1 }] },
    { name: 'linear', fn: F.linear as Fn, args: (fx) => [fx.x2, fx.lw, null] },
    { name: 'batchNorm2d', fn: F.batchNorm2d as Fn, args: (fx) => [fx.x, m.zeros([3]), m.ones([3]), null, null, { training: true }] },
    { name: 'maxPool2d', fn: F.maxPool2d as Fn, args: (fx) => [fx.x, { kernelSize: 2, stride: 2, padding: 0 }] },
    { name: 'avgPool2d', fn: F.avgPool2d as Fn, args: (fx) => [fx.x, { kernelSize: 3, stride: 1, padding: 1 }] },
    { name: 'globalAvgPool2d', fn: F.globalAvgPool2d as Fn, args: (fx) => [fx.x] },
    { name: 'shortcutA', fn: F.shortcutA as Fn, args: (fx) => [fx.x, { outChannels: 6, stride: 2 }] },
    { name: 'dropout', fn: F.dropout as Fn, args: (fx) => [fx.x, { p: 0.5, training: true }] },
    { name: 'mssar', fn: F.mssar as Fn, args: (fx) => [fx.x, fx.mw, fx.mb, { scales: [1, 2, 4] }] },
    { name: 'mssarAddRelu', fn: F.mssarAddRelu as Fn, args: (fx) => [fx.x, fx.mw, fx.mb, fx.x, { scales: [1, 2, 4] }] },
    // nn
    { name: 'Conv2d', ctor: true, fn: nn.Conv2d as unknown as Fn, args: () => [3, 4, 3, { stride: 1, padding: 1, bias: true, init: 'fanIn' }] },
    { name: 'BatchNorm2d', ctor: true, fn: nn.BatchNorm2d as unknown as Fn, args: () => [3, { momentum: 0.1, eps: 1e-5 }] },
    { name: 'MaxPool2d', ctor: true, fn: nn.MaxPool2d as unknown as Fn, args: () => [2, { stride: 2 }] },
    { name: 'AvgPool2d', ctor: true, fn: nn.AvgPool2d as unknown as Fn, args: () => [2, { stride: 2 }] },
    { name: 'Linear', ctor: true, fn: nn.Linear as unknown as Fn, args: () => [3, 4, { bias: true }] },
    { name: 'Dropout', ctor: true, fn: nn.Dropout as unknown as Fn, args: () => [0.5] },
    { name: 'MSSAR', ctor: true, fn: nn.MSSAR as unknown as Fn, args: () => [3, { scales: [1, 2], symmetric: false, initBias: 0, global: false }] },
    { name: 'SE', ctor: true, fn: nn.SE as unknown as Fn, args: () => [16, { reduction: 4 }] },
    { name: 'Sequential', ctor: true, fn: nn.Sequential as unknown as Fn, args: () => [new nn.ReLU(), new nn.Identity()] },
    { name: 'kaimingNormal', fn: nn.kaimingNormal as Fn, args: () => [[4, 3, 3, 3], 'fanOut'] },
    { name: 'uniform', fn: nn.uniform as Fn, args: () => [[3], 0.5] },
    { name: 'constant', fn: nn.constant as Fn, args: () => [[3], 0.5], names: ['constant'] },
    { name: 'Module.to', fn: (t: unknown) => new nn.Linear(2, 2).to(t as 'cpu'), args: () => ['float64'] },
    { name: 'loadStateDict', fn: (s: unknown, o: unknown) => new nn.Linear(2, 2).loadStateDict(s as Map<string, m.Tensor>, o as {}), args: () => [new nn.Linear(2, 2).stateDict(), { strict: true }] },
    // models
    { name: 'create', fn: m.models.create as Fn, args: () => ['resnet20', { numClasses: 10, inChannels: 1, recalibration: 'none' }] },
    { name: 'spec', fn: m.models.spec as Fn, args: () => ['resnet20'] },
    { name: 'canonicalName', fn: m.models.canonicalName as Fn, args: () => ['densenetbc100'] },
    { name: 'info', fn: m.models.info as Fn, args: () => ['resnet20'] },
    // optim
    { name: 'SGD', ctor: true, fn: m.optim.SGD as unknown as Fn, args: (fx) => [[fx.p], { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4, dampening: 0, decayNormAndBias: false }] },
    { name: 'constant', fn: m.optim.constant as Fn, args: () => [0.1] },
    { name: 'multiStep', fn: m.optim.multiStep as Fn, args: () => [0.1, [2, 4], 0.1] },
    { name: 'cosine', fn: m.optim.cosine as Fn, args: () => [0.1, 10, 0] },
    { name: 'warmup', fn: m.optim.warmup as Fn, args: () => [m.optim.constant(0.1), 1, 0.1] },
    { name: 'namedSchedule', fn: m.optim.namedSchedule as Fn, args: () => ['cosine', 0.1, 10, 1] },
    // io
    { name: 'saveSafetensors', fn: m.io.saveSafetensors as Fn, args: () => ['fuzz.safetensors', new Map([['a', m.ones([2])]])] },
    { name: 'loadSafetensors', fn: m.io.loadSafetensors as Fn, args: () => ['fuzz.safetensors'], fileArg: 0 },
    { name: 'writeFileAtomic', fn: m.io.writeFileAtomic as Fn, args: () => ['fuzz.txt', [new Uint8Array(3)]] },
    { name: 'exportOnnx', fn: m.io.exportOnnx as Fn, args: () => [new nn.Linear(3, 2), 'fuzz.onnx', { inputShape: [1, 3, 1, 1], opset: 17, dynamicBatch: true, foldBatchNorm: true }] },
    { name: 'onnxModel', fn: m.io.onnxModel as Fn, args: () => [new nn.Linear(3, 2), { inputShape: [1, 3, 1, 1], opset: 17 }], names: ['onnxModel', 'exportOnnx'] },
    // inference
    { name: 'freeze', fn: m.inference.freeze as Fn, args: () => [m.models.create('resnet20').eval()] },
    { name: 'FrozenModel.forward', fn: (f: unknown, x: unknown) => (f as m.inference.FrozenModel).forward(x as m.Tensor),
      args: () => [frozen(), m.randn([1, 3, 8, 8])], skip: [0] },
    // data (CLI-facing loaders; the folders do not exist, which is refused too)
    { name: 'encodeJpeg', fn: m.data.encodeJpeg as Fn, args: () => [new Uint8Array(12), 2, 2, 3, 90] },
    { name: 'decodeJpeg', fn: m.data.decodeJpeg as Fn, args: () => [m.data.encodeJpeg(new Uint8Array(12), 2, 2, 3, 90)] },
    { name: 'setMaxImagePixels', fn: m.data.setMaxImagePixels as Fn, args: () => [2 ** 26] },
    { name: 'mnist', fn: m.data.mnist as Fn, args: () => ['no-such-dir', { split: 'train' }] },
    { name: 'fashionMnist', fn: m.data.fashionMnist as Fn, args: () => ['no-such-dir', { split: 'test' }] },
    { name: 'cifar10', fn: m.data.cifar10 as Fn, args: () => ['no-such-dir', { split: 'train', onError: 'skip' }] },
    { name: 'cifar100', fn: m.data.cifar100 as Fn, args: () => ['no-such-dir', { split: 'train', labels: 'coarse' }] },
    { name: 'imageFolder', fn: m.data.imageFolder as Fn, args: () => ['no-such-dir', { onError: 'raise' }] },
    { name: 'imagenet', fn: m.data.imagenet as Fn, args: () => ['no-such-dir', { split: 'val', labelsFile: 'x.csv' }] },
    { name: 'randomCrop', fn: m.data.transforms.randomCrop as Fn, args: () => [32, { padding: 4 }] },
    { name: 'centerCrop', fn: m.data.transforms.centerCrop as Fn, args: () => [[32, 30]] },
    { name: 'resize', fn: m.data.transforms.resize as Fn, args: () => [32] },
    { name: 'randomResizedCrop', fn: m.data.transforms.randomResizedCrop as Fn, args: () => [224, { scale: [0.1, 1], ratio: [0.75, 1.33] }] },
    { name: 'horizontalFlip', fn: m.data.transforms.horizontalFlip as Fn, args: () => [0.5] },
    { name: 'compose', fn: m.data.transforms.compose as Fn, args: () => [m.data.transforms.toFloat(), [m.data.transforms.horizontalFlip()]] },
    { name: 'defaultInputSize', fn: m.models.defaultInputSize as Fn, args: () => ['resnet20', 3] },
    { name: 'normalize', fn: m.data.transforms.normalize as Fn, args: () => [[0.5, 0.5, 0.5], [0.2, 0.2, 0.2]] },
    // the rest of the surface
    { name: 'batchNormRelu2d', fn: F.batchNormRelu2d as Fn, args: (fx) => [fx.x, m.zeros([3]), m.ones([3]), null, null, { training: false }] },
    { name: 'se', fn: F.se as Fn, args: (fx) => [fx.x, m.zeros([1, 3]), null, m.zeros([3, 1]), null] },
    { name: 'checkMssarScales', fn: F.checkMssarScales as Fn, args: () => [[1, 2]], names: ['mssar'] },
    { name: 'StoredTensor', ctor: true, fn: m.io.StoredTensor as unknown as Fn, args: () => ['F32', [2], new Uint8Array(8)] },
    { name: 'loader', fn: m.data.loader as Fn, args: () => [dataset(), { batchSize: 8, shuffle: true, workers: 1, prefetch: 1, seed: 1, dropLast: false, shard: { rank: 1, count: 2 } }] },
    { name: 'DataLoader', ctor: true, fn: m.data.DataLoader as unknown as Fn, args: () => [dataset(), { batchSize: 4, transform: m.data.transforms.fashionMnistEval() }], names: ['DataLoader', 'loader'] },
    { name: 'subset', fn: m.data.subset as Fn, args: () => [dataset(), [0, 2, 1]] },
    { name: 'randomSplit', fn: m.data.randomSplit as Fn, args: () => [dataset(), 0.25, { seed: 3 }] },
    { name: 'NativeDataset', ctor: true, fn: m.data.NativeDataset as unknown as Fn, args: () => [dataset().handle, 'raise'] },
    { name: 'transformSample', fn: m.data.transformSample as Fn, args: () => [dataset(), m.data.transforms.fashionMnistTrain(), 0, { seed: 1, epoch: 0 }] },
    { name: 'toNativeSteps', fn: m.data.transforms.toNativeSteps as Fn, args: () => [[m.data.transforms.toFloat()]], names: ['toNativeSteps', 'transform'] },
    { name: 'cifarTrain', fn: m.data.transforms.cifarTrain as Fn, args: () => [{ stats: 'cifar100' }] },
    { name: 'cifarEval', fn: m.data.transforms.cifarEval as Fn, args: () => [{ stats: 'cifar10' }] },
    { name: 'imagenetTrain', fn: m.data.transforms.imagenetTrain as Fn, args: () => [{ size: 224 }] },
    { name: 'imagenetEval', fn: m.data.transforms.imagenetEval as Fn, args: () => [{ resize: 256, size: 224 }] },
    { name: 'profile', fn: m.profile as Fn, args: () => [() => 1, { clock: 'cpu' }] },
    { name: 'formatProfile', fn: m.formatProfile as Fn, args: () => [{ ...m.profile(() => 1), result: null }], anyKeys: ['result'] },
    { name: 'AdaptiveAvgPool2d', ctor: true, fn: nn.AdaptiveAvgPool2d as unknown as Fn, args: () => [1] },
    { name: 'CostCounter', ctor: true, fn: nn.CostCounter as unknown as Fn, args: () => [new nn.ReLU()] },
    { name: 'profileModule', fn: nn.profileModule as Fn, args: () => [new nn.Conv2d(3, 4, 3), [1, 3, 8, 8]] },
    { name: 'BasicBlock', ctor: true, fn: nn.BasicBlock as unknown as Fn, args: () => [4, 8, { stride: 2 }] },
    { name: 'Bottleneck', ctor: true, fn: nn.Bottleneck as unknown as Fn, args: () => [8, 2, { stride: 1 }] },
    { name: 'PreActBasicBlock', ctor: true, fn: nn.PreActBasicBlock as unknown as Fn, args: () => [4, 4, { stride: 1 }] },
    { name: 'PreActBottleneck', ctor: true, fn: nn.PreActBottleneck as unknown as Fn, args: () => [8, 2, { stride: 1 }] },
    { name: 'DenseLayer', ctor: true, fn: nn.DenseLayer as unknown as Fn, args: () => [4, 4, { bottleneckWidth: 4 }] },
    { name: 'DenseBlock', ctor: true, fn: nn.DenseBlock as unknown as Fn, args: () => [4, 2, 4, {}] },
    { name: 'Transition', ctor: true, fn: nn.Transition as unknown as Fn, args: () => [8, 4, {}] },
    { name: 'ShortcutA', ctor: true, fn: nn.ShortcutA as unknown as Fn, args: () => [4, 8, 2] },
    { name: 'createShortcut', fn: nn.createShortcut as Fn, args: () => ['A', 4, 8, 2] },
    { name: 'createRecalibration', fn: nn.createRecalibration as Fn, args: () => [4, { recalibration: 'se', reduction: 2 }] },
    { name: 'CifarResNet', ctor: true, fn: m.models.CifarResNet as unknown as Fn, args: () => [20, { numClasses: 10, inChannels: 1, dropout: 0 }] },
    { name: 'runTraining', fn: m.training.runTraining as Fn, args: () => [m.training.parseTrainArgs(['--epochs', '1']), {}], skip: [1], poisonOnly: true },
    { name: 'defaultOutDir', fn: m.training.defaultOutDir as Fn, args: () => [{ dataset: 'cifar10', model: 'resnet20', recalibration: 'se' }] },
    { name: 'saveCheckpoint', fn: m.training.saveCheckpoint as Fn, args: () => ['fuzz-ckpt.safetensors', new Map(), {}] },
    { name: 'loadCheckpoint', fn: m.training.loadCheckpoint as Fn, args: () => ['no-such.safetensors'], fileArg: 0 },
    { name: 'readCheckpointMeta', fn: m.training.readCheckpointMeta as Fn, args: () => ['no-such.safetensors'], fileArg: 0 },
    { name: 'loadTrainState', fn: m.training.loadTrainState as Fn, args: () => ['no-such.safetensors'], fileArg: 0 },
    { name: 'saveTrainState', fn: m.training.saveTrainState as Fn, args: () => ['fuzz-state.safetensors', {}] },
    { name: 'modelFromCheckpoint', fn: m.training.modelFromCheckpoint as Fn, args: () => [{}] },
    { name: 'loadModelState', fn: m.training.loadModelState as Fn, args: () => [{}, new nn.ReLU(), 'resnet20', {}] },
    { name: 'loadOptimizerState', fn: m.training.loadOptimizerState as Fn, args: (fx) => [{}, new m.optim.SGD([fx.p], { lr: 0.1 }), []] },
    { name: 'repairCheckpoints', fn: m.training.repairCheckpoints as Fn, args: () => [{}, 'last.safetensors', 'best.safetensors'] },
    { name: 'evaluate', fn: m.training.evaluate as Fn, args: () => [new nn.Flatten(), m.data.loader(dataset(), { batchSize: 4 }), 'cpu', { maxBatches: 1 }] },
    { name: 'chooseDevice', fn: m.training.chooseDevice as Fn, args: () => ['cpu'] },
    { name: 'countCorrect', fn: m.training.countCorrect as Fn, args: () => [new Float32Array([0, 1, 1, 0]), new Int32Array([1, 0]), 2] },
    // training (CLI)
    { name: 'parseTrainArgs', fn: m.training.parseTrainArgs as Fn, args: () => [['--epochs', '1']], names: ['train', 'parseTrainArgs'] },
    { name: 'readMetrics', fn: m.training.readMetrics as Fn, args: () => ['no-such-dir'] },
    // distributed (a world of one here: init() outside a launch)
    { name: 'allReduce', fn: m.distributed.allReduce as Fn, args: (fx) => { m.distributed.init(); return [fx.v, { op: 'mean' }]; }, names: ['distributed.allReduce'] },
    { name: 'broadcast', fn: m.distributed.broadcast as Fn, args: (fx) => { m.distributed.init(); return [fx.x, 0]; }, names: ['distributed.broadcast'] },
    { name: 'allGather', fn: m.distributed.allGather as Fn, args: (fx) => { m.distributed.init(); return [fx.x2]; }, names: ['distributed.allGather'] },
    { name: 'DistributedDataParallel', ctor: true, fn: nn.DistributedDataParallel as unknown as Fn, args: () => { m.distributed.init(); return [new nn.Linear(3, 2), { bucketMB: 1, broadcastBuffers: true, syncBatchNorm: false }]; } },
    // study (CLI)
    { name: 'parseStudyArgs', fn: m.study.parseStudyArgs as Fn, args: () => [['--recalibration', 'none,mssar', '--seeds', '2']], names: ['study', 'parseStudyArgs'] },
    { name: 'runStudy', fn: m.study.runStudy as Fn, args: () => [m.study.parseStudyArgs(['--out', 'no-such-study']), { tty: false }], skip: [1], poisonOnly: true },
    // shape, indexing and linear algebra (docs/tensors.md)
    { name: 'matmul', fn: F.matmul as Fn, args: (fx) => [fx.x2, m.randn([3, 4])] },
    { name: 'softmax', fn: F.softmax as Fn, args: (fx) => [fx.x, 1] },
    { name: 'permute', fn: F.permute as Fn, args: (fx) => [fx.x, [0, 2, -1, 1]] },
    { name: 'transpose', fn: F.transpose as Fn, args: (fx) => [fx.x, 1, -1] },
    { name: 'expand', fn: F.expand as Fn, args: (fx) => [fx.v, [2, -1]] },
    { name: 'slice', fn: F.slice as Fn, args: (fx) => [fx.x, 2, 1, -1, 2] },
    { name: 'index', fn: F.index as Fn, args: (fx) => [fx.x, [null, 1, [0, 4, 2]]] },
    { name: 'squeeze', fn: F.squeeze as Fn, args: () => [m.zeros([2, 1, 3]), 1] },
    { name: 'unsqueeze', fn: F.unsqueeze as Fn, args: (fx) => [fx.x, -1] },
    { name: 'cat', fn: F.cat as Fn, args: (fx) => [[fx.x, fx.x], 0] },
    { name: 'stack', fn: F.stack as Fn, args: (fx) => [[fx.x, fx.x], 1] },
    { name: 'split', fn: F.split as Fn, args: (fx) => [fx.x, [1, 2], 1] },
    { name: 'chunk', fn: F.chunk as Fn, args: (fx) => [fx.x, 2, 3] },
    { name: 'indexSelect', fn: F.indexSelect as Fn, args: (fx) => [fx.x, 1, m.tensor([2, 0], [2], { dtype: 'int32' })] },
    { name: 'gather', fn: F.gather as Fn, args: (fx) => [fx.logits, 1, m.tensor([4, 0], [2, 1], { dtype: 'int32' })] },
    { name: 'maskedFill', fn: F.maskedFill as Fn, args: (fx) => [fx.logits, m.tensor([1, 0, 0, 1, 0], [5], { dtype: 'int32' }), -Infinity] },
    { name: 'layerNorm', fn: F.layerNorm as Fn, args: (fx) => [fx.x, [5, 5], m.ones([5, 5]), null, 1e-5] },
    { name: 'embedding', fn: F.embedding as Fn, args: () => [m.tensor([0, 2], [2], { dtype: 'int32' }), m.randn([3, 4])] },
    { name: 'LayerNorm', ctor: true, fn: nn.LayerNorm as unknown as Fn, args: () => [[3, 4], { eps: 1e-5, elementwiseAffine: true }] },
    { name: 'Embedding', ctor: true, fn: nn.Embedding as unknown as Fn, args: () => [10, 4] },
    { name: 'nllLoss', fn: F.nllLoss as Fn, args: (fx) => [fx.logits, fx.labels, { weight: m.ones([5]), reduction: 'sum' }] },
    { name: 'mseLoss', fn: F.mseLoss as Fn, args: (fx) => [fx.x, fx.x, { reduction: 'mean' }] },
    { name: 'Tensor.matmul', fn: (t: unknown, o: unknown) => (t as m.Tensor).matmul(o as m.Tensor), args: (fx) => [fx.x2, m.randn([3, 2])], skip: [0], names: ['matmul'] },
    { name: 'Tensor.view', fn: (t: unknown, s: unknown) => (t as m.Tensor).view(s as number[]), args: (fx) => [fx.x, [2, -1]], skip: [0], names: ['reshape'] },
    { name: 'Tensor.index', fn: (t: unknown, s: unknown) => (t as m.Tensor).index(s as m.functional.IndexEntry[]), args: (fx) => [fx.x, [1, [0, 2]]], skip: [0], names: ['index'] },
    // the tensor API: elementwise, comparisons, reductions, dtypes (docs/tensors.md)
    { name: 'promoteTypes', fn: m.promoteTypes as Fn, args: () => ['int32', 'float32'] },
    { name: 'toBigInt64Array', fn: (t: unknown) => (t as m.Tensor).toBigInt64Array(), args: () => [m.tensor([1], [1], { dtype: 'int64' })], skip: [0] },
    ...(['sub', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const).map((n) => ({ name: n, fn: F[n] as Fn, args: (fx: Fx) => [fx.x, 2] })),
    ...(['neg', 'abs', 'exp', 'log', 'sqrt', 'rsqrt', 'tanh', 'gelu'] as const).map((n) => ({ name: n, fn: F[n] as Fn, args: (fx: Fx) => [fx.x] })),
    { name: 'clamp', fn: F.clamp as Fn, args: (fx) => [fx.x, -0.5, 0.5] },
    { name: 'where', fn: F.where as Fn, args: (fx) => [F.gt(fx.x, 0), fx.x, 0] },
    ...(['max', 'min', 'argmax', 'argmin', 'maxWithIndices', 'minWithIndices', 'logsumexp'] as const).map((n) => ({ name: n, fn: F[n] as Fn, args: (fx: Fx) => [fx.x, { dim: 1, keepDim: true }] })),
    { name: 'variance', fn: F.variance as Fn, args: (fx) => [fx.x, { dim: [0, 2], keepDim: false, correction: 1 }] },
    { name: 'std', fn: F.std as Fn, args: (fx) => [fx.x, { dim: -1, correction: 0 }] },
    { name: 'norm', fn: F.norm as Fn, args: (fx) => [fx.x, { p: 1, dim: 1, keepDim: true }] },
  ];
  return S;
}

/** Whether a spec's legal call is legal here (some touch files or folders that do not exist). */
const legalNeedsFiles = new Set(['runTraining', 'runStudy', 'exportOnnx', 'saveCheckpoint', 'loadCheckpoint', 'readCheckpointMeta', 'loadTrainState', 'saveTrainState', 'modelFromCheckpoint', 'loadModelState', 'loadOptimizerState', 'repairCheckpoints', 'mnist', 'fashionMnist', 'cifar10', 'cifar100', 'imageFolder', 'imagenet', 'setTF32']);

function mutations(args: unknown[], skip: number[], values: unknown[], anyKeys: string[] = []): unknown[][] {
  const out: unknown[][] = [];
  args.forEach((a, i) => {
    if (skip.includes(i)) return;
    for (const v of values) {
      const copy = args.slice();
      copy[i] = v;
      out.push(copy);
    }
    if (a && typeof a === 'object' && !Array.isArray(a) && Object.getPrototypeOf(a) === Object.prototype) {
      for (const k of Object.keys(a).filter((x) => !anyKeys.includes(x))) {
        for (const v of values) {
          const copy = args.slice();
          copy[i] = { ...(a as object), [k]: v };
          out.push(copy);
        }
      }
    }
  });
  return out;
}

/** The whole list: for each spec its legal call, then malformed calls (one poisoned or wrong argument each). */
export function buildCases(fx: Fx, seed = 11): Case[] {
  const rng = new Rng(seed);
  const cases: Case[] = [];
  const P = poisons(fx);
  const W = wrongs(fx);
  for (const s of specs()) {
    const names = s.names ?? [s.name];
    const snake = s.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snake !== s.name && !s.ctor) names.push(snake);
    const namesOf = (a: unknown[]) => (s.fileArg !== undefined && typeof a[s.fileArg] === 'string' && a[s.fileArg] !== '' ? [...names, a[s.fileArg] as string] : names);
    const call = (a: unknown[]) => (s.ctor ? () => new (s.fn as unknown as new (...x: unknown[]) => unknown)(...a) : () => s.fn(...a));
    const legal = s.args(fx);
    if (!legalNeedsFiles.has(s.name)) cases.push({ label: `${s.name}(${legal.map(show).join(', ')}) [legal]`, names, run: call(legal), legal: true });
    // Poisons: certain to be malformed.
    for (const a of mutations(legal, s.skip ?? [], P, s.anyKeys)) cases.push({ label: `${s.name}(${a.map(show).join(', ')})`, names: namesOf(a), run: call(a), legal: false });
    // Wrong values: a sample of them, malformed unless the value happens to be legal there (allowed to succeed).
    const wrong = s.poisonOnly ? [] : mutations(legal, s.skip ?? [], W, s.anyKeys);
    for (let i = 0; i < Math.min(wrong.length, 24); ++i) {
      const a = wrong[rng.int(0, wrong.length - 1)];
      cases.push({ label: `${s.name}(${a.map(show).join(', ')}) [maybe]`, names: namesOf(a), run: call(a), legal: false });
    }
    // Wrong arity: no arguments at all.
    if (legal.length > 0 && !(s.skip ?? []).includes(0) && !s.poisonOnly) cases.push({ label: `${s.name}() ${MAYBE}`, names, run: call([]), legal: false });
  }
  return cases;
}

export const MAYBE = '[maybe]';

/**
 * The exports the cases reach (dotted as exported). Functions without arguments are called by the
 * legal cases of others or need no checks (getters); they are listed here explicitly.
 */
export function coveredExports(): Set<string> {
  const fns = new Set<unknown>(specs().map((s) => s.fn));
  const out = new Set<string>(extraCovered);
  const walk = (o: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'function' && fns.has(v)) out.add(prefix + k);
      else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 2) walk(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1);
    }
  };
  walk(m as unknown as Record<string, unknown>, '', 0);
  return out;
}

const extraCovered = new Set<string>([
  'Tensor', 'tensor', 'zeros', 'ones', 'full', 'zerosLike', 'onesLike', 'rand', 'randn', 'manualSeed', 'getRngState',
  'setRngState', 'backends', 'isAvailable', 'requireDevice', 'resolveDevice', 'synchronize', 'emptyCache',
  'setMemoryLimit', 'getNumThreads', 'setNumThreads', 'maxNumThreads', 'tidy', 'keep', 'dispose', 'memory',
  'resetPeakMemory', 'isGradEnabled', 'getTF32', 'data.getMaxImagePixels', 'models.list', 'training.trainUsage',
  'study.studyUsage',
  // distributed: no arguments
  'distributed.init', 'distributed.isInitialized', 'distributed.isLaunched', 'distributed.rank', 'distributed.localRank',
  'distributed.localSize', 'distributed.worldSize', 'distributed.backends', 'distributed.finalize', 'distributed.barrier',
  // No arguments, or classes whose constructors take none (their forward takes checked tensors):
  'data.transforms.toFloat', 'data.transforms.fashionMnistTrain', 'data.transforms.fashionMnistEval',
  'data.transforms.mnistTrain', 'data.transforms.mnistEval', 'nn.Module', 'nn.ReLU', 'nn.Flatten', 'nn.Identity',
  'training.StopRequest',
  // Made by inference.freeze (its cases); its forward has cases of its own.
  'inference.FrozenModel',
  // Built by models.create (its cases); their constructors take the checked BuildOptions.
  'models.PreActResNet', 'models.ResNet', 'models.DenseNet',
  // Tensor methods are covered through the cases named after them (reshape, flatten, cast, ...).
  'Tensor',
]);
