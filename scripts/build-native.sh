#!/usr/bin/env bash
# Configures (again, so that changed options take effect) and builds the native libraries into
# build/Release. Options: MSSAR_CUDA=AUTO|ON|OFF, CUDA_ARCHS="80;90", CUDNN_ROOT, CUBLAS_ROOT, NCCL_ROOT, and
# CUDA_FLAGS for extra nvcc flags (CUDA_FLAGS="-Xptxas -v" prints registers, spills and stack frames).
set -euo pipefail
cd "$(dirname "$0")/.."
opts=(--CDMSSAR_CUDA="${MSSAR_CUDA:-AUTO}")
[ -n "${CUDA_ARCHS:-}" ] && opts+=(--CDCMAKE_CUDA_ARCHITECTURES="${CUDA_ARCHS}")
[ -n "${CUDNN_ROOT:-}" ] && opts+=(--CDCUDNN_ROOT="${CUDNN_ROOT}")
[ -n "${CUBLAS_ROOT:-}" ] && opts+=(--CDCUBLAS_ROOT="${CUBLAS_ROOT}")
[ -n "${NCCL_ROOT:-}" ] && opts+=(--CDNCCL_ROOT="${NCCL_ROOT}")
opts+=(--CDCMAKE_CUDA_FLAGS="${CUDA_FLAGS:-}")  # always, so that flags of an earlier build do not linger
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
npx cmake-js configure "${opts[@]}"
npx cmake-js build
