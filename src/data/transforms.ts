// Declarative transforms, executed natively by the loader's workers: a list of steps applied in
// order. Geometric steps compose into one crop/resize/flip per sample (rendered once, antialiased
// like PIL when shrinking); the last step may be `normalize` or `toFloat` (x / 255, the default).
import { checkInt, checkOptions, fail, show, checkOneOf } from '../check';
import type { NativeTransformStep } from '../native';

/** A size: one number (square; for resize: the shorter side) or [height, width]. */
export type Size = number | readonly [number, number];

export type TransformStep =
  /** Pads every side with `padding` zeros, then crops `size` at a uniformly random offset (torchvision RandomCrop). */
  | { readonly kind: 'randomCrop'; readonly size: Size; readonly padding?: number }
  /** Crops `size` at the centre (padding with zeros when the image is smaller; torchvision CenterCrop). */
  | { readonly kind: 'centerCrop'; readonly size: Size }
  /** Resizes to [height, width], or the shorter side to `size` keeping the aspect ratio (torchvision Resize). */
  | { readonly kind: 'resize'; readonly size: Size }
  /** torchvision RandomResizedCrop: area fraction in `scale`, aspect ratio in `ratio`, 10 attempts then a centre crop. */
  | { readonly kind: 'randomResizedCrop'; readonly size: Size; readonly scale?: readonly [number, number]; readonly ratio?: readonly [number, number] }
  /** Mirrors left-right with probability p (default 0.5). */
  | { readonly kind: 'horizontalFlip'; readonly p?: number }
  /** x / 255. */
  | { readonly kind: 'toFloat' }
  /** (x / 255 - mean) / std, per channel (one value for all channels, or one per channel). */
  | { readonly kind: 'normalize'; readonly mean: readonly number[]; readonly std: readonly number[] };

export type Transform = readonly TransformStep[];

function size(fn: string, v: unknown): Size {
  const ok = (d: unknown) => Number.isSafeInteger(d) && (d as number) >= 1 && (d as number) <= 65535;
  if (!(ok(v) || (Array.isArray(v) && v.length === 2 && v.every(ok)))) {
    throw new Error(`${fn}: size must be positive: an integer in [1, 65535] or [height, width] of them, got ${show(v)}`);
  }
  return v as Size;
}

function checkRange(fn: string, arg: string, v: unknown, min: number): readonly [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && x > min) || v[0] > v[1]) {
    throw new Error(`${fn}: ${arg} must satisfy ${min} < low <= high as [low, high], got ${show(v)}`);
  }
  return v as unknown as readonly [number, number];
}

function channels(fn: string, arg: string, v: unknown, positive: boolean): readonly number[] {
  if (!Array.isArray(v) || v.length < 1 || v.length > 4 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0))) {
    if (positive) throw new Error(`${fn}: ${arg} must be positive: an array of 1 to 4 finite numbers > 0, got ${show(v)}`);
    fail(fn, arg, 'an array of 1 to 4 finite numbers', v);
  }
  return v as readonly number[];
}

export function randomCrop(s: Size, options: { padding?: number } = {}): TransformStep {
  const o = checkOptions<{ padding?: number }>('randomCrop', 'options', options, ['padding']);
  if (o.padding !== undefined) checkInt('randomCrop', 'options.padding', o.padding, 0, 65535);
  return { kind: 'randomCrop', size: size('randomCrop', s), padding: o.padding ?? 0 };
}
export function centerCrop(s: Size): TransformStep {
  return { kind: 'centerCrop', size: size('centerCrop', s) };
}
export function resize(s: Size): TransformStep {
  return { kind: 'resize', size: size('resize', s) };
}
export function randomResizedCrop(s: Size, options: { scale?: readonly [number, number]; ratio?: readonly [number, number] } = {}): TransformStep {
  const o = checkOptions<{ scale?: readonly [number, number]; ratio?: readonly [number, number] }>('randomResizedCrop', 'options', options, ['scale', 'ratio']);
  const scale = o.scale === undefined ? ([0.08, 1] as const) : checkRange('randomResizedCrop', 'options.scale', o.scale, 0);
  const ratio = o.ratio === undefined ? ([3 / 4, 4 / 3] as const) : checkRange('randomResizedCrop', 'options.ratio', o.ratio, 0);
  return { kind: 'randomResizedCrop', size: size('randomResizedCrop', s), scale, ratio };
}
export function horizontalFlip(p = 0.5): TransformStep {
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new Error(`horizontalFlip: p must be in [0, 1], got ${show(p)}`);
  return { kind: 'horizontalFlip', p };
}
export function toFloat(): TransformStep {
  return { kind: 'toFloat' };
}
export function normalize(mean: readonly number[], std: readonly number[]): TransformStep {
  return { kind: 'normalize', mean: channels('normalize', 'mean', mean, false), std: channels('normalize', 'std', std, true) };
}
export function compose(...steps: (TransformStep | Transform)[]): Transform {
  steps.forEach((st, i) => {
    const one = (x: unknown) => x !== null && typeof x === 'object' && typeof (x as { kind?: unknown }).kind === 'string';
    if (!(one(st) || (Array.isArray(st) && st.every(one)))) fail('compose', `steps[${i}]`, 'a transform step or a list of them', st);
  });
  return steps.flatMap((s) => (Array.isArray(s) ? (s as Transform) : [s as TransformStep]));
}

export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Per-channel mean and standard deviation of each training set's pixels (x / 255). */
export const stats: { readonly [name in 'cifar10' | 'cifar100' | 'imagenet' | 'mnist' | 'fashionMnist']: ChannelStats } = {
  cifar10: { mean: [0.4914, 0.4822, 0.4465], std: [0.2470, 0.2435, 0.2616] },
  cifar100: { mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762] },
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  mnist: { mean: [0.1307], std: [0.3081] },
  fashionMnist: { mean: [0.2860], std: [0.3530] },
};

export interface CifarPresetOptions {
  /** Which training set's statistics to normalize with (default cifar10). */
  stats?: 'cifar10' | 'cifar100';
}

/** CIFAR training: pad 4 + random 32x32 crop, horizontal flip, normalization. */
export function cifarTrain(options: CifarPresetOptions = {}): Transform {
  const o = checkOptions<CifarPresetOptions>('cifarTrain', 'options', options, ['stats']);
  if (o.stats !== undefined) checkOneOf('cifarTrain', 'options.stats', o.stats, ['cifar10', 'cifar100']);
  const s = stats[options.stats ?? 'cifar10'];
  return [randomCrop(32, { padding: 4 }), horizontalFlip(0.5), normalize(s.mean, s.std)];
}
/** CIFAR evaluation: normalization only. */
export function cifarEval(options: CifarPresetOptions = {}): Transform {
  const o = checkOptions<CifarPresetOptions>('cifarEval', 'options', options, ['stats']);
  if (o.stats !== undefined) checkOneOf('cifarEval', 'options.stats', o.stats, ['cifar10', 'cifar100']);
  const s = stats[options.stats ?? 'cifar10'];
  return [normalize(s.mean, s.std)];
}

/** ImageNet training: random-resized crop 224 (scale 0.08-1, ratio 3/4-4/3), flip, normalization. */
export function imagenetTrain(options: { size?: number } = {}): Transform {
  const o = checkOptions<{ size?: number }>('imagenetTrain', 'options', options, ['size']);
  if (o.size !== undefined) checkInt('imagenetTrain', 'options.size', o.size, 1, 65535);
  const s = stats.imagenet;
  return [randomResizedCrop(options.size ?? 224), horizontalFlip(0.5), normalize(s.mean, s.std)];
}
/** ImageNet evaluation: shorter side to 256, centre crop 224, normalization. */
export function imagenetEval(options: { resize?: number; size?: number } = {}): Transform {
  const o = checkOptions<{ resize?: number; size?: number }>('imagenetEval', 'options', options, ['resize', 'size']);
  if (o.size !== undefined) checkInt('imagenetEval', 'options.size', o.size, 1, 65535);
  if (o.resize !== undefined) checkInt('imagenetEval', 'options.resize', o.resize, 1, 65535);
  const s = stats.imagenet;
  return [resize(options.resize ?? 256), centerCrop(options.size ?? 224), normalize(s.mean, s.std)];
}

/**
 * Fashion-MNIST training: pad 2 + random 28x28 crop (shifts of up to 2 pixels: the items are centred
 * in a 20x20 box, so 4 would push some off the edge) and a horizontal flip (clothes are left-right
 * symmetric up to details; a flipped shoe is still a shoe), then normalization.
 */
export function fashionMnistTrain(): Transform {
  const s = stats.fashionMnist;
  return [randomCrop(28, { padding: 2 }), horizontalFlip(0.5), normalize(s.mean, s.std)];
}
export function fashionMnistEval(): Transform {
  const s = stats.fashionMnist;
  return [normalize(s.mean, s.std)];
}

/** MNIST training: pad 2 + random crop, no flip (digits are not symmetric), normalization. */
export function mnistTrain(): Transform {
  const s = stats.mnist;
  return [randomCrop(28, { padding: 2 }), normalize(s.mean, s.std)];
}
export function mnistEval(): Transform {
  const s = stats.mnist;
  return [normalize(s.mean, s.std)];
}

function pair(size: Size, what: string): [number, number] {
  if (typeof size === 'number') return [size, size];
  if (Array.isArray(size) && size.length === 2) return [size[0], size[1]];
  throw new TypeError(`transform: ${what}: size must be a number or [height, width], got ${show(size)}`);
}

function range(v: unknown, fallback: [number, number], what: string): [number, number] {
  if (v === undefined) return fallback;
  if (Array.isArray(v) && v.length === 2) return [v[0], v[1]];
  throw new TypeError(`transform: ${what} must be [min, max], got ${show(v)}`);
}

/** The steps in the form the native side takes (sizes as [height, width], defaults filled in). */
export function toNativeSteps(transform: Transform, fn = 'toNativeSteps'): NativeTransformStep[] {
  if (!Array.isArray(transform) || !transform.every((s) => s !== null && typeof s === 'object' && typeof (s as { kind?: unknown }).kind === 'string')) {
    fail(fn, 'transform', 'an array of transform steps', transform);
  }
  return transform.map((s: TransformStep, i: number): NativeTransformStep => {
    const where = `step ${i} (${s?.kind})`;
    switch (s?.kind) {
      case 'randomCrop': return { kind: s.kind, size: pair(s.size, where), padding: s.padding ?? 0 };
      case 'centerCrop': return { kind: s.kind, size: pair(s.size, where) };
      case 'resize': return { kind: s.kind, size: typeof s.size === 'number' ? [s.size, 0] : pair(s.size, where) };
      case 'randomResizedCrop':
        return { kind: s.kind, size: pair(s.size, where), scale: range(s.scale, [0.08, 1], `${where}: scale`), ratio: range(s.ratio, [3 / 4, 4 / 3], `${where}: ratio`) };
      case 'horizontalFlip': return { kind: s.kind, p: s.p ?? 0.5 };
      case 'toFloat': return { kind: s.kind };
      case 'normalize': return { kind: s.kind, mean: [...s.mean], std: [...s.std] };
      default: throw new TypeError(`transform: step ${i}: unknown step ${JSON.stringify(s)}`);
    }
  });
}
