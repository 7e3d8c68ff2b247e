// ONNX's ModelProto, from ONNX's own schema (onnx.proto beside this file's source, shipped in the
// package's src/), parsed by protobufjs once, when first needed.
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';

let modelProto: protobuf.Type | null = null;

/** Where onnx.proto is: beside this file (src/io/onnx) or, compiled to dist/src/io/onnx, in the package's src/io/onnx. */
function protoFile(): string {
  const candidates = [
    path.join(__dirname, 'onnx.proto'),
    path.join(__dirname, '..', '..', '..', '..', 'src', 'io', 'onnx', 'onnx.proto'),
  ];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`exportOnnx: ONNX's schema onnx.proto was not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** The protobufjs type of onnx.ModelProto. */
export function onnxModelProto(): protobuf.Type {
  if (!modelProto) modelProto = protobuf.loadSync(protoFile()).lookupType('onnx.ModelProto');
  return modelProto;
}
