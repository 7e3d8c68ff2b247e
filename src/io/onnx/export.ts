// exportOnnx: a model's inference graph (eval mode: batch norm with its running statistics, dropout
// the identity) as an ONNX file, written with ONNX's schema and standard operators only, so that
// any ONNX runtime runs it. docs/onnx.md has the operator mapping.
import { Module } from '../../nn/module';
import type { AnyModule } from '../../nn/module';
import { show } from '../../check';
import { CostCounter } from '../../nn/profile';
import { version } from '../../version';
import { writeFileAtomic } from '../atomic';
import { blockEmitters } from './blocks';
import { EmitterEntry, Exporter } from './exporter';
import { foldBatchNorm } from './fold_batch_norm';
import { layerEmitters } from './layers';
import { encodeModel, ONNX_OPSETS, OnnxDim, OnnxOpset } from './model';

export interface OnnxExportOptions {
  /** [N, C, H, W]; with dynamicBatch, N only sets nothing but the shape checked here. */
  inputShape: readonly number[];
  /** The default opset's version, 13 to 21 (default 17). */
  opset?: number;
  /** The batch dimension named 'batch', any size at run time (default true); else fixed to N. */
  dynamicBatch?: boolean;
  /** Fold each batch norm that follows a convolution into it (default true). */
  foldBatchNorm?: boolean;
}

/** What was written. */
export interface OnnxExportSummary {
  opset: number;
  /** The graph's input ('input', [batch | N, C, H, W]) and output ('logits'). */
  input: { name: string; shape: OnnxDim[] };
  output: { name: string; shape: OnnxDim[] | null };
  nodes: number;
  /** How many nodes of each operator. */
  operators: Record<string, number>;
  initializers: number;
  /** Float parameters written. */
  parameters: number;
  foldedBatchNorms: number;
  bytes: number;
}

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'logits';

const emitters: EmitterEntry[] = [...layerEmitters, ...blockEmitters];

function checkOptions(opts: OnnxExportOptions): { shape: number[]; opset: OnnxOpset; dynamicBatch: boolean; fold: boolean } {
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new Error('exportOnnx: options { inputShape, opset?, dynamicBatch? } are required');
  const known = ['inputShape', 'opset', 'dynamicBatch', 'foldBatchNorm'];
  for (const k of Object.keys(opts)) if (!known.includes(k)) throw new Error(`exportOnnx: unknown option '${k}' (known: ${known.join(', ')})`);
  const shape = opts.inputShape;
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((d) => Number.isSafeInteger(d) && d >= 1)) {
    throw new Error(`exportOnnx: inputShape must be [N, C, H, W] of positive integers, got ${show(shape)}`);
  }
  const opset = opts.opset ?? 17;
  if (!(ONNX_OPSETS as readonly number[]).includes(opset)) {
    throw new Error(`exportOnnx: opset ${show(opset)} is not supported (${ONNX_OPSETS[0]} to ${ONNX_OPSETS[ONNX_OPSETS.length - 1]})`);
  }
  for (const key of ['dynamicBatch', 'foldBatchNorm'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'boolean') throw new Error(`exportOnnx: ${key} must be a boolean, got ${show(opts[key])}`);
  }
  return { shape: shape.slice(), opset: opset as OnnxOpset, dynamicBatch: opts.dynamicBatch ?? true, fold: opts.foldBatchNorm ?? true };
}

/** The model's output shape for `input`, from its profile, or null where it has none. */
function outputShape(model: AnyModule, input: number[], dynamicBatch: boolean): OnnxDim[] | null {
  try {
    const out: OnnxDim[] = model.profile(input, new CostCounter(model));
    if (dynamicBatch) out[0] = 'batch';
    return out;
  } catch {
    return null;
  }
}

/**
 * The ONNX model (encoded ModelProto) of `model` for inputs of `inputShape`, with the summary of
 * exportOnnx. Throws, naming it, at the first module that cannot be exported.
 */
export function onnxModel(model: AnyModule, opts: OnnxExportOptions): { bytes: Uint8Array; summary: OnnxExportSummary } {
  if (!(model instanceof Module)) throw new Error(`exportOnnx: model must be an nn.Module, got ${show(model)}`);
  const { shape, opset, dynamicBatch, fold } = checkOptions(opts);
  const ex = new Exporter(emitters, model);
  const g = ex.graph;
  const input = g.reserve(ONNX_INPUT);
  g.reserve(ONNX_OUTPUT);
  const y = ex.emit(model, '', input);
  const producer = g.producer(y);
  if (producer && y !== input) producer.outputs[producer.outputs.indexOf(y)] = ONNX_OUTPUT;
  else g.nodes.push({ op: 'Identity', name: ONNX_OUTPUT, inputs: [y], outputs: [ONNX_OUTPUT], attributes: {} });
  const folded = fold ? foldBatchNorm(g, [ONNX_OUTPUT]) : 0;
  g.pruneInitializers();
  const inputDims: OnnxDim[] = shape.slice();
  if (dynamicBatch) inputDims[0] = 'batch';
  const info = {
    opset,
    input: { name: ONNX_INPUT, shape: inputDims },
    output: { name: ONNX_OUTPUT, shape: outputShape(model, shape, dynamicBatch) },
    producerVersion: version(),
    docString: `${model.constructor.name} exported by mssar (inference graph, float32)`,
  };
  const bytes = encodeModel(g, info);
  const operators: Record<string, number> = {};
  for (const n of g.nodes) operators[n.op] = (operators[n.op] ?? 0) + 1;
  let parameters = 0;
  for (const init of g.initializers.values()) if (init.data instanceof Float32Array) parameters += init.data.length;
  return {
    bytes,
    summary: {
      opset, input: info.input, output: info.output, nodes: g.nodes.length, operators, initializers: g.initializers.size,
      parameters, foldedBatchNorms: folded, bytes: bytes.length,
    },
  };
}

/**
 * Writes `model`'s inference graph to `file` as an ONNX model (atomically: a temporary file, then
 * a rename): input 'input' [batch, C, H, W] (or [N, ...] without dynamicBatch), output 'logits'.
 */
export function exportOnnx(model: AnyModule, file: string, opts: OnnxExportOptions): OnnxExportSummary {
  if (typeof file !== 'string' || file === '') throw new Error('exportOnnx: file must be a non-empty path');
  const { bytes, summary } = onnxModel(model, opts);
  writeFileAtomic(file, [bytes]);
  return summary;
}
