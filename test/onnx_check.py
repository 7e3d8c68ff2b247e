"""ONNX's checker for test/onnx.test.ts, one JSON line in and out (bench/common.ts's TorchProcess).

Prints {"onnx": version} first; then answers each {"path": file} with {"ok": true} when
onnx.checker.check_model(onnx.load(file), full_check=True) (strict shape inference included)
accepts the model, else {"ok": false, "error": message}. {"quit": true} ends it.
"""
import json
import sys

import onnx

print(json.dumps({"onnx": onnx.__version__}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    if req.get("quit"):
        break
    try:
        onnx.checker.check_model(onnx.load(req["path"]), full_check=True)
        print(json.dumps({"ok": True}), flush=True)
    except Exception as e:  # the checker's errors and a file that does not parse alike
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}), flush=True)
