// An OnnxGraph as an ONNX ModelProto, encoded with protobufjs and ONNX's schema (schema.ts).
import type { OnnxAttributeValue, OnnxGraph, OnnxInitializer } from './graph';
import { onnxModelProto } from './schema';

/** The opsets exportOnnx writes: every operator it uses means the same in all of them. */
export const ONNX_OPSETS = [13, 14, 15, 16, 17, 18, 19, 20, 21] as const;
export type OnnxOpset = (typeof ONNX_OPSETS)[number];

/** The IR version that came with each opset (ONNX's docs/Versioning.md). */
function irVersion(opset: OnnxOpset): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

// TensorProto.DataType and AttributeProto.AttributeType values of onnx.proto.
const FLOAT = 1;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** A dimension: a size, or a name for a size fixed only when the model runs ('batch'). */
export type OnnxDim = number | string;

export interface OnnxModelInfo {
  opset: OnnxOpset;
  input: { name: string; shape: OnnxDim[] };
  /** The output's shape, or null when unknown. */
  output: { name: string; shape: OnnxDim[] | null };
  producerVersion: string;
  docString: string;
}

function attribute(name: string, v: OnnxAttributeValue): Record<string, unknown> {
  if (typeof v === 'number') return { name, type: ATTR_INT, i: v };
  if (Array.isArray(v)) return { name, type: ATTR_INTS, ints: v.slice() };
  return { name, type: ATTR_FLOAT, f: (v as { float: number }).float };
}

function tensorProto(init: OnnxInitializer): Record<string, unknown> {
  const bytes = new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength);
  // raw_data is little-endian, as typed arrays are on every platform Node.js runs on here.
  return { name: init.name, dims: init.dims, dataType: init.data instanceof Float32Array ? FLOAT : INT64, rawData: bytes };
}

function valueInfo(name: string, shape: OnnxDim[] | null): Record<string, unknown> {
  const tensorType: Record<string, unknown> = { elemType: FLOAT };
  if (shape) tensorType.shape = { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
  return { name, type: { tensorType } };
}

/** The encoded ModelProto. */
export function encodeModel(graph: OnnxGraph, info: OnnxModelInfo): Uint8Array {
  const type = onnxModelProto();
  const model = {
    irVersion: irVersion(info.opset),
    opsetImport: [{ domain: '', version: info.opset }],
    producerName: 'mssar',
    producerVersion: info.producerVersion,
    docString: info.docString,
    graph: {
      name: 'mssar',
      node: graph.nodes.map((n) => ({
        name: n.name, opType: n.op, input: n.inputs, output: n.outputs,
        attribute: Object.entries(n.attributes).map(([k, v]) => attribute(k, v)),
      })),
      initializer: [...graph.initializers.values()].map(tensorProto),
      input: [valueInfo(info.input.name, info.input.shape)],
      output: [valueInfo(info.output.name, info.output.shape)],
    },
  };
  const problem = type.verify(model);
  if (problem) throw new Error(`exportOnnx: the model does not fit ONNX's schema: ${problem}`);
  // A view of the writer's buffer, not a copy: the weights make up most of it.
  return type.encode(type.fromObject(model)).finish(true);
}
