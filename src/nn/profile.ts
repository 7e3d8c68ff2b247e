// Counting a model's cost analytically: every module's profile(inputShape, counter) returns its
// output shape and adds its multiply-adds (MACs) to the counter, without running anything.
//
// What counts as one multiply-add (the usual convention of papers and of torchvision's tables,
// with the cheap elementwise layers made explicit):
// - Conv2d: N * Cout * Hout * Wout * (Cin / groups) * kh * kw (the bias add is free).
// - Linear: N * in * out.
// - BatchNorm2d: 1 per element (its inference form, y = a * x + b).
// - Average pooling (also global): 1 per output element (the division); max pooling, ReLU,
//   additions, concatenation, zero padding and dropout: 0.
// - Sigmoid: 1 per element; a channel-wise or elementwise product: 1 per element.
// - MS-SAR: (9K + 2) per element for K scales: 9K for the context (nine cells per scale, the cell
//   mean's 1/s^2 folded into the weight, the cell sums being additions), 1 for the sigmoid,
//   1 for the gating product. The symmetric variant costs the same (the cells are still nine).
// - SE: 2 * C * (C / r) per image for the two fully-connected layers, C for the pooling's
//   division, C for the sigmoid, and 1 per element for the channel-wise scale.
import { fail, checkShape } from '../check';
import { Module, type AnyModule } from './module';

export type Shape = readonly number[];

export interface LayerCost {
  /** The module's dotted name in the profiled model ('' for the root). */
  name: string;
  type: string;
  output: number[];
  macs: number;
}

export class CostCounter {
  readonly layers: LayerCost[] = [];
  macs = 0;
  private readonly names: Map<AnyModule, string>;

  constructor(root?: AnyModule) {
    if (root !== undefined && !(root instanceof Module)) fail('CostCounter', 'root', 'a Module or undefined', root);
    this.names = new Map(root ? root.namedModules().map(([n, m]) => [m, n]) : []);
  }

  add(module: AnyModule, output: Shape, macs: number): void {
    this.macs += macs;
    this.layers.push({ name: this.names.get(module) ?? '?', type: module.constructor.name, output: output.slice(), macs });
  }
}

/** Output shape and MACs of `module` for an input of shape `input` (batch included). */
export function profileModule(module: AnyModule, input: Shape): { output: number[]; macs: number; layers: LayerCost[] } {
  if (!(module instanceof Module)) fail('profileModule', 'module', 'a Module', module);
  checkShape('profileModule', 'input', input);
  const counter = new CostCounter(module);
  try {
    const output = module.profile(input, counter);
    return { output, macs: counter.macs, layers: counter.layers };
  } catch (e) {
    // The module names the layer whose input does not fit; the call is profileModule's.
    throw new Error(`profileModule: ${(e as Error).message}`);
  }
}

export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Checks that `shape` is [N, C, H, W] (with C = `channels` when given). */
export function expect4d(op: string, shape: Shape, channels?: number): [number, number, number, number] {
  if (shape.length !== 4) throw new Error(`${op}: expected an input [N, C, H, W], got [${shape.join(',')}]`);
  if (channels !== undefined && shape[1] !== channels) {
    throw new Error(`${op}: expected ${channels} input channels, got [${shape.join(',')}]`);
  }
  return [shape[0], shape[1], shape[2], shape[3]];
}

/** Output size of a convolution or pooling window along one axis (PyTorch's formula). */
export function windowOutputSize(size: number, kernel: number, stride: number, padding: number, dilation = 1, ceilMode = false): number {
  const span = size + 2 * padding - dilation * (kernel - 1) - 1;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // In ceil mode the last window must start inside the input or its left padding.
  if (ceilMode && (out - 1) * stride >= size + padding) out--;
  if (out < 1) {
    throw new Error(`window of size ${kernel} (stride ${stride}, padding ${padding}, dilation ${dilation}) ` +
      `does not fit an input of size ${size}`);
  }
  return out;
}
