#!/usr/bin/env bash
# Unpacks NVIDIA's cuDNN 9 and cuBLAS wheels (nvidia-cudnn-cu13, nvidia-cublas) from pip's index into
# .deps/nvidia, git-ignored, where CMake looks for them, and NCCL's (nvidia-nccl-cu13) into
# .deps/nvidia/nccl. Skips the work when they are already there or installed on the system.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.deps/nvidia

# NCCL (distributed collectives on CUDA tensors; optional: the CUDA library builds without it).
fetch_nccl() {
  [ -f "$dest/nccl/include/nccl.h" ] || [ -f /usr/include/nccl.h ] || [ -n "${NCCL_ROOT:-}" ] && return 0
  local python
  python=$(command -v python3 || true)
  [ -n "$python" ] || { echo "mssar: python3 not found, cannot fetch the NCCL wheel"; return 0; }
  mkdir -p .deps/wheels-nccl
  echo "mssar: fetching the nvidia-nccl-cu13 wheel into .deps (about 200 MB)"
  if ! PIP_DISABLE_PIP_VERSION_CHECK=1 "$python" -m pip download -q --no-deps --only-binary=:all: \
      --retries 0 --timeout 5 -d .deps/wheels-nccl nvidia-nccl-cu13; then
    echo "mssar: nvidia-nccl-cu13 not available; the NCCL library will not be built"
    rm -rf .deps/wheels-nccl
    return 0
  fi
  rm -rf .deps/unpack-nccl && mkdir -p .deps/unpack-nccl "$dest"
  "$python" - .deps/wheels-nccl/nvidia_nccl_cu13-*.whl .deps/unpack-nccl <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extractall(sys.argv[2])
PY
  rm -rf "$dest/nccl" && mv .deps/unpack-nccl/nvidia/nccl "$dest/nccl"
  rm -rf .deps/unpack-nccl .deps/wheels-nccl
}
trap fetch_nccl EXIT

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
