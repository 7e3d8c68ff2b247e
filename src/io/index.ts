export { saveSafetensors, loadSafetensors } from './safetensors';
export type { SafetensorsFile } from './safetensors';
export { writeFileAtomic } from './atomic';
export { StoredTensor, STORED_DTYPES } from './stored_tensor';
export type { StoredDType, StoredValues } from './stored_tensor';
export { exportOnnx, onnxModel, ONNX_OPSETS, ONNX_INPUT, ONNX_OUTPUT } from './onnx';
export type { OnnxExportOptions, OnnxExportSummary, OnnxDim } from './onnx';
