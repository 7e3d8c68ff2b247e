#!/usr/bin/env bash
# A Python virtual environment with PyTorch for the CPU and safetensors in .deps/torch (git-ignored),
# for the side-by-side benchmarks and the PyTorch interop test. Installs from pip's configured index
# (the machine's local wheel index); prefers the CPU-only build. Prints the environment's python on
# success.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.deps/torch
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import torch, safetensors" >/dev/null 2>&1; then
  echo "$venv/bin/python"
  exit 0
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
pip=("$venv/bin/python" -m pip install -q --disable-pip-version-check --retries 0 --timeout 5)
"${pip[@]}" "torch==2.13.0+cpu" numpy safetensors >&2 2>/dev/null || "${pip[@]}" torch numpy safetensors >&2
echo "$venv/bin/python"
