export { exportOnnx, onnxModel, ONNX_INPUT, ONNX_OUTPUT } from './export';
export type { OnnxExportOptions, OnnxExportSummary } from './export';
export { ONNX_OPSETS } from './model';
export type { OnnxDim } from './model';
export { foldMssarKernel } from './mssar_kernel';
export type { FoldedMssarKernel } from './mssar_kernel';
