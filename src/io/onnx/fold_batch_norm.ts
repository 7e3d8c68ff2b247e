// Folds inference-mode batch norm into the convolution before it: where a BatchNormalization node
// reads a Conv's output and nothing else does, y = scale (conv(x) + b - mean) + beta with
// scale = gamma / sqrt(var + eps) becomes one Conv with weight W[o] * scale[o] and bias
// (b[o] - mean[o]) scale[o] + beta[o] (computed in float64, stored in float32).
import type { OnnxGraph, OnnxNode } from './graph';

function floatsOf(graph: OnnxGraph, name: string, what: string): Float32Array {
  const data = graph.initializer(name).data;
  if (!(data instanceof Float32Array)) throw new Error(`foldBatchNorm: ${what} '${name}' is not float32`);
  return data;
}

function epsilonOf(bn: OnnxNode): number {
  const eps = bn.attributes.epsilon;
  if (eps === undefined) return 1e-5;
  if (typeof eps === 'object' && 'float' in eps) return eps.float;
  throw new Error(`foldBatchNorm: ${bn.name}: epsilon must be a float attribute`);
}

/** Folds every foldable BatchNormalization; returns how many it folded. */
export function foldBatchNorm(graph: OnnxGraph, outputs: readonly string[]): number {
  let folded = 0;
  for (const bn of graph.nodes.slice()) {
    if (bn.op !== 'BatchNormalization') continue;
    const conv = graph.producer(bn.inputs[0]);
    if (!conv || conv.op !== 'Conv' || outputs.includes(bn.inputs[0]) || graph.consumers(bn.inputs[0]).length !== 1) continue;
    if (graph.consumers(conv.inputs[1]).length !== 1 || (conv.inputs[2] && graph.consumers(conv.inputs[2]).length !== 1)) continue;
    const w = graph.initializer(conv.inputs[1]);
    const weight = floatsOf(graph, w.name, 'conv weight');
    const outC = w.dims[0];
    const gamma = floatsOf(graph, bn.inputs[1], 'scale');
    const beta = floatsOf(graph, bn.inputs[2], 'bias');
    const mean = floatsOf(graph, bn.inputs[3], 'mean');
    const variance = floatsOf(graph, bn.inputs[4], 'var');
    if (gamma.length !== outC) throw new Error(`foldBatchNorm: ${bn.name} has ${gamma.length} channels but ${conv.name} has ${outC}`);
    const bias = conv.inputs[2] ? floatsOf(graph, conv.inputs[2], 'conv bias') : new Float32Array(outC);
    const eps = epsilonOf(bn);
    const per = weight.length / outC;
    const newWeight = new Float32Array(weight.length);
    const newBias = new Float32Array(outC);
    for (let o = 0; o < outC; o++) {
      const scale = gamma[o] / Math.sqrt(variance[o] + eps);
      for (let i = o * per; i < (o + 1) * per; i++) newWeight[i] = weight[i] * scale;
      newBias[o] = (bias[o] - mean[o]) * scale + beta[o];
    }
    w.data = newWeight;
    if (conv.inputs[2]) graph.initializer(conv.inputs[2]).data = newBias;
    else conv.inputs[2] = graph.floats(`${conv.name}.bias`, [outC], newBias);
    conv.outputs = bn.outputs.slice();
    graph.nodes.splice(graph.nodes.indexOf(bn), 1);
    folded++;
  }
  graph.pruneInitializers();
  return folded;
}
