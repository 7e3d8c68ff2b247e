#!/usr/bin/env bash
# A Python virtual environment with PyTorch for the CPU, safetensors and onnx in .deps/torch
# (git-ignored), for the side-by-side benchmarks, the PyTorch interop test and ONNX's checker in the
# ONNX export test. Installs from pip's configured index
# (the machine's local wheel index); prefers the CPU-only build. Prints the environment's python on
# success.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.deps/torch
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import torch, safetensors, onnx" >/dev/null 2>&1; then
  echo "$venv/bin/python"
  exit 0
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
pip=("$venv/bin/python" -m pip install -q --disable-pip-version-check --retries 0 --timeout 5)
"${pip[@]}" "torch==2.13.0+cpu" numpy safetensors onnx >&2 2>/dev/null || "${pip[@]}" torch numpy safetensors onnx >&2
echo "$venv/bin/python"
