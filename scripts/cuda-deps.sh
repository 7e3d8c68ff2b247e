#!/usr/bin/env bash
# Unpacks NVIDIA's cuDNN 9 and cuBLAS wheels (nvidia-cudnn-cu13, nvidia-cublas) from pip's index into
# .deps/nvidia, git-ignored, where CMake looks for them. Skips the work when they are already there
# or when cuDNN is installed on the system.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.deps/nvidia
if [ -f "$dest/cudnn/include/cudnn.h" ] && [ -f "$dest/cu13/include/cublas_v2.h" -o -f "$dest/cublas/include/cublas_v2.h" ]; then
  exit 0
fi
if [ -f /usr/include/cudnn.h ] || [ -f /usr/include/x86_64-linux-gnu/cudnn.h ] || [ -n "${CUDNN_ROOT:-}" ]; then
  exit 0
fi
python=$(command -v python3 || true)
[ -n "$python" ] || { echo "mssar: python3 not found, cannot fetch cuDNN/cuBLAS wheels"; exit 1; }
mkdir -p .deps/wheels
echo "mssar: fetching nvidia-cudnn-cu13 and nvidia-cublas wheels into .deps (about 1.5 GB)"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$python" -m pip download -q --no-deps --only-binary=:all: \
  --retries 0 --timeout 5 -d .deps/wheels nvidia-cudnn-cu13 nvidia-cublas
rm -rf .deps/unpack && mkdir -p .deps/unpack
for w in .deps/wheels/nvidia_cudnn_cu13-*.whl .deps/wheels/nvidia_cublas-*.whl; do
  "$python" - "$w" .deps/unpack <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extractall(sys.argv[2])
PY
done
rm -rf "$dest" && mv .deps/unpack/nvidia "$dest"
rm -rf .deps/unpack .deps/wheels
ls "$dest"
