// The ONNX form of each layer (src/nn/*.ts) in inference mode: the operators docs/onnx.md lists.
import { AdaptiveAvgPool2d } from '../../nn/adaptive_avg_pool2d';
import { AvgPool2d } from '../../nn/avg_pool2d';
import { BatchNorm2d } from '../../nn/batch_norm2d';
import { ShortcutA } from '../../nn/blocks/shortcut_a';
import { Conv2d } from '../../nn/conv2d';
import { Dropout } from '../../nn/dropout';
import { Flatten } from '../../nn/flatten';
import { Identity } from '../../nn/identity';
import { Linear } from '../../nn/linear';
import { MaxPool2d } from '../../nn/max_pool2d';
import { MSSAR } from '../../nn/mssar';
import { ReLU } from '../../nn/relu';
import { SE } from '../../nn/se';
import type { Tensor } from '../../tensor';
import { emitterFor, EmitterEntry, Exporter, joinName, toFloat32 } from './exporter';
import { foldMssarKernel } from './mssar_kernel';

const INT64_MAX = (1n << 63n) - 1n;

export function emitConv(ex: Exporter, m: Conv2d, name: string, x: string): string {
  const inputs = [x, ex.tensor(joinName(name, 'weight'), m.weight)];
  if (m.bias) inputs.push(ex.tensor(joinName(name, 'bias'), m.bias));
  const [ph, pw] = m.padding;
  return ex.graph.node('Conv', inputs, {
    kernel_shape: m.kernelSize, strides: m.stride, pads: [ph, pw, ph, pw], dilations: m.dilation, group: m.groups,
  }, name);
}

export function emitBatchNorm(ex: Exporter, m: BatchNorm2d, name: string, x: string): string {
  const c = m.numFeatures;
  const scale = m.weight ? ex.tensor(joinName(name, 'weight'), m.weight) : ex.filled(joinName(name, 'weight'), c, 1);
  const bias = m.bias ? ex.tensor(joinName(name, 'bias'), m.bias) : ex.filled(joinName(name, 'bias'), c, 0);
  const mean = ex.tensor(joinName(name, 'running_mean'), m.runningMean);
  const variance = ex.tensor(joinName(name, 'running_var'), m.runningVar);
  return ex.graph.node('BatchNormalization', [x, scale, bias, mean, variance], { epsilon: { float: m.eps } }, name);
}

/** relu(bn(x)): BatchNorm2d.forwardRelu. */
export function emitBatchNormRelu(ex: Exporter, m: BatchNorm2d, name: string, x: string): string {
  return relu(ex, emitBatchNorm(ex, m, name, x), name);
}

export function relu(ex: Exporter, x: string, name: string): string {
  return ex.graph.node('Relu', [x], {}, joinName(name, 'relu'));
}

function emitLinear(ex: Exporter, m: Linear, name: string, x: string): string {
  const inputs = [x, ex.tensor(joinName(name, 'weight'), m.weight)];
  if (m.bias) inputs.push(ex.tensor(joinName(name, 'bias'), m.bias));
  return ex.graph.node('Gemm', inputs, { transB: 1 }, name);
}

function emitMaxPool(ex: Exporter, m: MaxPool2d, name: string, x: string): string {
  const [ph, pw] = m.padding;
  return ex.graph.node('MaxPool', [x], {
    kernel_shape: m.kernelSize, strides: m.stride, pads: [ph, pw, ph, pw], ceil_mode: m.ceilMode ? 1 : 0,
  }, name);
}

function emitAvgPool(ex: Exporter, m: AvgPool2d, name: string, x: string): string {
  const [ph, pw] = m.padding;
  const padded = ph > 0 || pw > 0;
  // Without padding, PyTorch's divisor (ours) is the number of pixels a window covers in the
  // image, ceil mode or not: count_include_pad = 0. With padding and ceil mode the two disagree on
  // the windows that run past the padded image.
  if (padded && m.ceilMode && m.countIncludePad) {
    throw new Error(`exportOnnx: AvgPool2d ('${name}') with padding, ceilMode and countIncludePad cannot be exported to ONNX ` +
      '(ONNX\'s AveragePool divides the windows that run past the padded image differently)');
  }
  return ex.graph.node('AveragePool', [x], {
    kernel_shape: m.kernelSize, strides: m.stride, pads: [ph, pw, ph, pw], ceil_mode: m.ceilMode ? 1 : 0,
    count_include_pad: padded && m.countIncludePad ? 1 : 0,
  }, name);
}

/**
 * y = x * sigmoid(depthwise conv(x)): the folded kernel of side 3 max(s) with the MS-SAR bias, its
 * padding asymmetric (Conv's own pads: `before` rows and columns before, side - 1 - before after).
 * With the global-average scale, GlobalAveragePool(x) * globalWeight ([1, C, 1, 1]) is added to the
 * context before the Sigmoid.
 */
export function emitMssar(ex: Exporter, m: MSSAR, name: string, x: string): string {
  const c = m.channels;
  const { side, before, kernel } = foldMssarKernel(toFloat32(m.weight), c, m.scales, m.symmetric);
  const after = side - 1 - before;
  const w = ex.graph.floats(joinName(name, 'kernel'), [c, 1, side, side], kernel);
  const b = ex.tensor(joinName(name, 'bias'), m.bias);
  const z = ex.graph.node('Conv', [x, w, b], {
    kernel_shape: [side, side], strides: [1, 1], pads: [before, before, after, after], dilations: [1, 1], group: c,
  }, joinName(name, 'context'));
  const context = m.globalWeight ? addGlobalScale(ex, m.globalWeight, c, name, x, z) : z;
  const g = ex.graph.node('Sigmoid', [context], {}, joinName(name, 'gate'));
  return ex.graph.node('Mul', [x, g], {}, name);
}

/** z + globalWeight * mean_{h,w} x, the means [N, C, 1, 1] broadcast over the map. */
function addGlobalScale(ex: Exporter, globalWeight: Tensor, c: number, name: string, x: string, z: string): string {
  const mean = ex.graph.node('GlobalAveragePool', [x], {}, joinName(name, 'global_mean'));
  const gw = ex.graph.floats(joinName(name, 'globalWeight'), [1, c, 1, 1], toFloat32(globalWeight));
  const term = ex.graph.node('Mul', [mean, gw], {}, joinName(name, 'global_term'));
  return ex.graph.node('Add', [z, term], {}, joinName(name, 'global_context'));
}

/** x * sigmoid(fc2(relu(fc1(gap(x))))), the fully-connected layers as 1 x 1 convolutions on [N, C, 1, 1]. */
function emitSe(ex: Exporter, m: SE, name: string, x: string): string {
  const fc = (layer: Linear, field: string, input: string): string => {
    const [out, inp] = layer.weight.shape;
    const inputs = [input, ex.graph.floats(joinName(name, `${field}.weight`), [out, inp, 1, 1], toFloat32(layer.weight))];
    if (layer.bias) inputs.push(ex.tensor(joinName(name, `${field}.bias`), layer.bias));
    return ex.graph.node('Conv', inputs, { kernel_shape: [1, 1] }, joinName(name, field));
  };
  const squeezed = ex.graph.node('GlobalAveragePool', [x], {}, joinName(name, 'squeeze'));
  const hidden = ex.graph.node('Relu', [fc(m.fc1, 'fc1', squeezed)], {}, joinName(name, 'relu'));
  const gate = ex.graph.node('Sigmoid', [fc(m.fc2, 'fc2', hidden)], {}, joinName(name, 'gate'));
  return ex.graph.node('Mul', [x, gate], {}, name);
}

/** Every stride-th row and column (Slice), then the new channels as zeros, half before and half after (Pad). */
function emitShortcutA(ex: Exporter, m: ShortcutA, name: string, x: string): string {
  if (m.stride === 1 && m.outChannels === m.inChannels) return x;
  let y = x;
  if (m.stride !== 1) {
    const g = ex.graph;
    y = g.node('Slice', [x, g.int64s(joinName(name, 'starts'), [0, 0]), g.int64s(joinName(name, 'ends'), [INT64_MAX, INT64_MAX]),
      g.int64s(joinName(name, 'axes'), [2, 3]), g.int64s(joinName(name, 'steps'), [m.stride, m.stride])], {}, joinName(name, 'subsample'));
  }
  const extra = m.outChannels - m.inChannels;
  if (extra === 0) return y;
  const before = Math.floor(extra / 2);
  const pads = ex.graph.int64s(joinName(name, 'pads'), [0, before, 0, 0, 0, extra - before, 0, 0]);
  return ex.graph.node('Pad', [y, pads], {}, name);
}

export const layerEmitters: EmitterEntry[] = [
  emitterFor(Conv2d, emitConv),
  emitterFor(BatchNorm2d, emitBatchNorm),
  emitterFor(ReLU, (ex, _m, name, x) => ex.graph.node('Relu', [x], {}, name)),
  emitterFor(Linear, emitLinear),
  emitterFor(MaxPool2d, emitMaxPool),
  emitterFor(AvgPool2d, emitAvgPool),
  emitterFor(AdaptiveAvgPool2d, (ex, _m, name, x) => ex.graph.node('GlobalAveragePool', [x], {}, name)),
  emitterFor(Flatten, (ex, _m, name, x) => ex.graph.node('Flatten', [x], { axis: 1 }, name)),
  // Inference: dropout and identity add no node.
  emitterFor(Dropout, (_ex, _m, _name, x) => x),
  emitterFor(Identity, (_ex, _m, _name, x) => x),
  emitterFor(MSSAR, emitMssar),
  emitterFor(SE, emitSe),
  emitterFor(ShortcutA, emitShortcutA),
];
