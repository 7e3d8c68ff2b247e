// The model zoo: names, the dataset family each was designed for, and how to build it.
//
// Names follow one scheme: the paper's name in lower case, the hyphen before the depth dropped and
// any other hyphen an underscore (ResNet-20 resnet20, WRN-28-10 wrn28_10, DenseNet-BC-100
// densenet_bc100). Earlier spellings (LEGACY_NAMES) are still accepted everywhere a name is.
import { checkBool, checkNumber, checkOneOf, checkOptions, checkString, show } from '../check';
import { checkMssarScales } from '../functional/mssar';
import { RECALIBRATION_PLACEMENTS } from '../nn/blocks/check_block';
import type { Layer } from '../nn/sequential';
import { CifarResNet } from './cifar_resnet';
import { DenseNet } from './densenet';
import type { BuildOptions, ModelOptions } from './options';
import { PreActResNet } from './preact_resnet';
import { ResNet } from './resnet';

/** The model each zoo name builds: the name's class, so `create('resnet20')` is typed as a CifarResNet. */
export interface ModelTypes {
  resnet20: CifarResNet;
  resnet32: CifarResNet;
  resnet44: CifarResNet;
  resnet56: CifarResNet;
  resnet110: CifarResNet;
  preresnet164: PreActResNet;
  wrn16_8: PreActResNet;
  wrn28_10: PreActResNet;
  densenet40: DenseNet;
  densenet_bc100: DenseNet;
  resnet18: ResNet;
  resnet34: ResNet;
  resnet50: ResNet;
  resnet101: ResNet;
  resnet152: ResNet;
  densenet121: DenseNet;
}

/** Every name of the zoo. */
export type ModelName = keyof ModelTypes;

/** Spellings of earlier versions, still accepted (checkpoints written with them load). */
export const LEGACY_NAMES: Readonly<Record<string, ModelName>> = { densenetbc100: 'densenet_bc100' };

export interface ModelSpec {
  name: ModelName;
  /** 'cifar': 32x32 inputs (any size works: global pooling), 'imagenet': 224x224. */
  family: 'cifar' | 'imagenet';
  description: string;
  /** The parameter count the architecture's paper reports (rounded as published). */
  publishedParameters: number;
  build(opts: BuildOptions): Layer;
}

const specs: ModelSpec[] = [];

function cifarResNet(depth: 20 | 32 | 44 | 56 | 110, published: number): void {
  specs.push({
    name: `resnet${depth}`, family: 'cifar', publishedParameters: published,
    description: `ResNet-${depth} for CIFAR (He et al. 2016), option A shortcuts`,
    build: (o) => new CifarResNet(depth, o),
  });
}
cifarResNet(20, 0.27e6);
cifarResNet(32, 0.46e6);
cifarResNet(44, 0.66e6);
cifarResNet(56, 0.85e6);
cifarResNet(110, 1.7e6);

specs.push({
  name: 'preresnet164', family: 'cifar', publishedParameters: 1.7e6,
  description: 'PreResNet-164 (He et al. 2016, identity mappings), pre-activation bottlenecks',
  build: (o) => new PreActResNet({ block: 'bottleneck', depth: 164 }, o),
});
specs.push({
  name: 'wrn16_8', family: 'cifar', publishedParameters: 11.0e6,
  description: 'WRN-16-8 (Zagoruyko and Komodakis 2016)',
  build: (o) => new PreActResNet({ block: 'wide', depth: 16, widen: 8 }, o),
});
specs.push({
  name: 'wrn28_10', family: 'cifar', publishedParameters: 36.5e6,
  description: 'WRN-28-10 (Zagoruyko and Komodakis 2016)',
  build: (o) => new PreActResNet({ block: 'wide', depth: 28, widen: 10 }, o),
});
specs.push({
  name: 'densenet40', family: 'cifar', publishedParameters: 1.0e6,
  description: 'DenseNet-40 (Huang et al. 2017), k = 12, no bottleneck, no compression',
  build: (o) => new DenseNet({ stem: 'cifar', stemChannels: 16, growthRate: 12, blocks: [12, 12, 12], compression: 1, init: 'fanOut' }, o),
});
specs.push({
  name: 'densenet_bc100', family: 'cifar', publishedParameters: 0.8e6,
  description: 'DenseNet-BC-100 (Huang et al. 2017), k = 12, bottleneck 4k, compression 0.5',
  build: (o) => new DenseNet({
    stem: 'cifar', stemChannels: 24, growthRate: 12, blocks: [16, 16, 16], bottleneckWidth: 4, compression: 0.5, init: 'fanOut',
  }, o),
});

function imagenetResNet(depth: 18 | 34 | 50 | 101 | 152, block: 'basic' | 'bottleneck', layers: [number, number, number, number], published: number): void {
  specs.push({
    name: `resnet${depth}`, family: 'imagenet', publishedParameters: published,
    description: `ResNet-${depth} for ImageNet (torchvision)`,
    build: (o) => new ResNet({ block, layers }, o),
  });
}
imagenetResNet(18, 'basic', [2, 2, 2, 2], 11.7e6);
imagenetResNet(34, 'basic', [3, 4, 6, 3], 21.8e6);
imagenetResNet(50, 'bottleneck', [3, 4, 6, 3], 25.6e6);
imagenetResNet(101, 'bottleneck', [3, 4, 23, 3], 44.5e6);
imagenetResNet(152, 'bottleneck', [3, 8, 36, 3], 60.2e6);

specs.push({
  name: 'densenet121', family: 'imagenet', publishedParameters: 8.0e6,
  description: 'DenseNet-121 for ImageNet (torchvision), k = 32, bottleneck 4k, compression 0.5',
  // torchvision initialises DenseNet's convolutions with Kaiming normal fan-in.
  build: (o) => new DenseNet({
    stem: 'imagenet', stemChannels: 64, growthRate: 32, blocks: [6, 12, 24, 16], bottleneckWidth: 4, compression: 0.5, init: 'fanIn',
  }, o),
});

/** The names of every model, CIFAR ones first. */
export function list(): ModelName[] {
  return specs.map((s) => s.name);
}

/** The zoo's name for `name` (itself, or what an earlier spelling now is), or null when it names no model. */
export function canonicalName(name: string): ModelName | null {
  checkString('canonicalName', 'name', name);
  const n = LEGACY_NAMES[name] ?? name;
  return specs.some((s) => s.name === n) ? (n as ModelName) : null;
}

export function spec(name: string, fn = 'spec'): ModelSpec {
  checkString(fn, 'name', name);
  const canonical = canonicalName(name);
  if (canonical === null) throw new Error(`${fn}: unknown model '${name}'; available: ${list().join(', ')}`);
  return specs.find((x) => x.name === canonical)!;
}

/** The options a builder gets: defaults filled in and checked. */
export function resolveOptions(s: ModelSpec, opts: ModelOptions, fn = 'create', extra: readonly string[] = []): BuildOptions {
  opts = checkOptions<ModelOptions>(fn, 'options', opts,
    ['numClasses', 'inChannels', 'recalibration', 'dropout', 'scales', 'symmetric', 'initBias', 'global', 'reduction', 'placement', ...extra]);
  const positive = (name: string, v: unknown): number => {
    if (!(Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 2 ** 30)) {
      throw new Error(`${fn}: options.${name} must be a positive integer (at most 2^30) for ${s.name}, got ${show(v)}`);
    }
    return v as number;
  };
  const numClasses = positive('numClasses', opts.numClasses ?? (s.family === 'cifar' ? 10 : 1000));
  const inChannels = positive('inChannels', opts.inChannels ?? 3);
  const dropout = checkNumber(fn, `options.dropout (${s.name})`, opts.dropout ?? 0, { min: 0 });
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`${fn}: options.dropout must be in [0, 1) for ${s.name}, got ${dropout}`);
  if (opts.recalibration !== undefined && !['none', 'se', 'mssar'].includes(opts.recalibration as string)) {
    throw new Error(`${fn}: unknown recalibration ${typeof opts.recalibration === 'string' ? `'${opts.recalibration}'` : show(opts.recalibration)}: expected 'none', 'se' or 'mssar'`);
  }
  if (opts.scales !== undefined) {
    try {
      checkMssarScales(opts.scales);
    } catch (e) {
      throw new Error(`${fn}: options.${(e as Error).message.replace(/^mssar: /, '')}`);
    }
  }
  if (opts.symmetric !== undefined) checkBool(fn, 'options.symmetric', opts.symmetric);
  if (opts.initBias !== undefined) checkNumber(fn, 'options.initBias', opts.initBias);
  if (opts.global !== undefined) checkBool(fn, 'options.global', opts.global);
  if (opts.reduction !== undefined) checkNumber(fn, 'options.reduction', opts.reduction, { above: 0 });
  if (opts.placement !== undefined) checkOneOf(fn, 'options.placement', opts.placement, RECALIBRATION_PLACEMENTS);
  return { ...opts, numClasses, inChannels, dropout };
}

/**
 * Builds model `name` on the CPU in float32 (move it with .to('cuda')), its parameters drawn from
 * the global generator: the same manualSeed gives the same parameters. A literal zoo name gives its
 * class (`create('resnet20')` is a CifarResNet); any other string a Layer, or an Error when it
 * names no model.
 */
export function create<N extends ModelName>(name: N, opts?: ModelOptions): ModelTypes[N];
export function create(name: string, opts?: ModelOptions): Layer;
export function create(name: string, opts: ModelOptions = {}): Layer {
  const s = spec(name, 'create');
  return s.build(resolveOptions(s, opts, 'create'));
}
