#!/usr/bin/env bash
# npm's install step: system packages, the native build, the TypeScript build.
# Installs missing Debian packages when run as root; otherwise stops with the exact command to run.
set -euo pipefail
cd "$(dirname "$0")/.."

# libopenmpi-dev and openmpi-bin: distributed training (libmssar_mpi.so and mpirun; docs/distributed.md).
packages=(cmake g++ libdnnl-dev libturbojpeg0-dev zlib1g-dev dataset-fashion-mnist libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "mssar: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "mssar: missing system packages. Run this, then npm install again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# The CUDA library builds when nvcc is here; cuDNN and cuBLAS come from the system or, failing that,
# from NVIDIA's wheels unpacked into .deps/nvidia (MSSAR_CUDA=OFF skips all of it).
if [ "${MSSAR_CUDA:-AUTO}" != "OFF" ] && command -v nvcc >/dev/null 2>&1; then
  bash scripts/cuda-deps.sh || echo "mssar: cuDNN/cuBLAS wheels not available; the CUDA library may not be built"
fi

bash scripts/build-native.sh
npx tsc -p tsconfig.build.json
