#!/usr/bin/env bash
# Everything a GPU session checks, in one go, with every step's output in LOG_DIR:
#   environment.log  nvidia-smi, nvcc, node, and what backends() says
#   build.log        the native build for sm_90 with the CUDA library required (MSSAR_CUDA=ON),
#                    ptxas's register, spill and stack report per kernel (-Xptxas -v)
#   tsc.log          the TypeScript build
#   test.log         the whole test suite (the CUDA tests run instead of skipping)
#   bench.log        bench/gpu (training throughput against PyTorch, MS-SAR bandwidth); its
#                    bench/results/gpu.json is copied here too
# Usage: bash scripts/gpu-check.sh LOG_DIR
# GPU_CHECK_STEPS="build tsc test bench" picks steps (default: all, in that order); CUDA_ARCHS
# overrides 90. Exits non-zero when a step fails or CUDA is not available after the build.
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: bash scripts/gpu-check.sh LOG_DIR" >&2; exit 2; }
mkdir -p "$1" && logs=$(cd "$1" && pwd)
steps=${GPU_CHECK_STEPS:-build tsc test bench}
failed=()

step() {
  local name=$1; shift
  case " $steps " in *" $name "*) ;; *) echo "== $name: skipped"; return 0 ;; esac
  echo "== $name: $*"
  local start=$SECONDS
  if "$@" > "$logs/$name.log" 2>&1; then
    echo "   ok ($((SECONDS - start)) s)"
  else
    local rc=$?
    echo "   FAILED (exit $rc after $((SECONDS - start)) s); the end of $logs/$name.log:"
    tail -n 30 "$logs/$name.log" | sed 's/^/   | /'
    failed+=("$name")
  fi
}

backends() {
  node -e "const m = require('./dist/src/index'); console.log(JSON.stringify(m.backends(), null, 2))"
}

{
  date -u
  nvidia-smi || echo "nvidia-smi: not found"
  nvcc --version || echo "nvcc: not found"
  echo "node $(node --version)"
  git log -1 --oneline 2>/dev/null || true
} > "$logs/environment.log" 2>&1

# cuDNN (and cuBLAS, when the toolkit lacks it): the system's, .deps/nvidia, CUDNN_ROOT/CUBLAS_ROOT,
# or else the NVIDIA wheels that PyTorch installed (site-packages/nvidia/cudnn, .../cublas). The
# probe refuses a cuDNN built for another CUDA major version than nvcc's, saying so.
wheel_dir() {  # wheel_dir MODULE HEADER: the folder of nvidia.MODULE when it holds include/HEADER
  local py d
  for py in "${MSSAR_TORCH_PYTHON:-}" python3; do
    [ -n "$py" ] || continue
    d=$("$py" -c "import nvidia.$1 as m; print(list(m.__path__)[0])" 2>/dev/null) || continue
    [ -f "$d/include/$2" ] && { echo "$d"; return 0; }
  done
  return 1
}
if [ -z "${CUDNN_ROOT:-}" ] && [ ! -f .deps/nvidia/cudnn/include/cudnn.h ] && [ ! -f /usr/include/cudnn.h ] &&
   [ ! -f /usr/include/x86_64-linux-gnu/cudnn.h ] && d=$(wheel_dir cudnn cudnn.h); then
  export CUDNN_ROOT=$d
  echo "== cuDNN from PyTorch's wheel: CUDNN_ROOT=$d"
fi
if [ -z "${CUBLAS_ROOT:-}" ] && ! ls /usr/local/cuda/include/cublas_v2.h >/dev/null 2>&1 && d=$(wheel_dir cublas cublas_v2.h); then
  export CUBLAS_ROOT=$d
  echo "== cuBLAS from PyTorch's wheel: CUBLAS_ROOT=$d"
fi
echo "CUDNN_ROOT=${CUDNN_ROOT:-} CUBLAS_ROOT=${CUBLAS_ROOT:-}" >> "$logs/environment.log"

step build env MSSAR_CUDA=ON CUDA_ARCHS="${CUDA_ARCHS:-90}" CUDA_FLAGS="-Xptxas -v" bash scripts/build-native.sh
if [ ${#failed[@]} -gt 0 ]; then echo "build failed: nothing else runs"; exit 1; fi
step tsc npx tsc -p tsconfig.json

backends >> "$logs/environment.log" 2>&1
cuda_ok=$(node -e "const m = require('./dist/src/index'); const c = m.backends().find((b) => b.name === 'cuda'); console.log(c.available ? 'yes' : 'no: ' + c.reason)" 2>&1)
echo "== cuda available: $cuda_ok"

step test npx mocha
if [ -f "$logs/test.log" ]; then
  grep -E '^\s+[0-9]+ (passing|failing|pending)' "$logs/test.log" | sed 's/^ */   /'
fi
# NCCL with the GPUs found: a world of one on one GPU, and (with mpirun) one rank per GPU. The full
# suite above ran them too; this step's log holds them alone, with NCCL's own report.
nccl_ok=$(node -e "const m = require('./dist/src/index'); const n = m.distributed.backends().find((b) => b.name === 'nccl'); console.log(n.available ? 'yes: ' + n.info : 'no: ' + n.reason)" 2>&1)
echo "== nccl: $nccl_ok"
echo "nccl: $nccl_ok" >> "$logs/environment.log"
step nccl env NCCL_DEBUG=WARN MSSAR_NCCL_RANKS="$(nvidia-smi -L 2>/dev/null | wc -l)" npx mocha --no-config --timeout 600000 dist/test/distributed.test.js -g NCCL
step bench node dist/bench/gpu.js
[ -f bench/results/gpu.json ] && cp bench/results/gpu.json "$logs/"

case "$cuda_ok" in yes) ;; *) failed+=("cuda unavailable") ;; esac
if [ ${#failed[@]} -gt 0 ]; then
  echo "gpu-check: FAILED: ${failed[*]} (logs in $logs)"
  exit 1
fi
echo "gpu-check: all steps passed (logs in $logs)"
