// Block-level reductions and launch helpers shared by the CUDA kernels that sum or take maxima.
#pragma once
#include <math_constants.h>

#include <cstdint>

#include "context.h"
#include "reduce_elements.cuh"

namespace mssar::cuda {

struct SumOp {
  template <class A>
  __device__ A operator()(A a, A b) const { return a + b; }
};

// A maximum that keeps NaN (so a NaN input gives NaN outputs, never a silent finite value).
struct MaxOp {
  template <class A>
  __device__ A operator()(A a, A b) const { return max_keep_nan(a, b); }
};

template <class A, class Op>
__device__ A warp_reduce(A v, Op op) {
  for (int off = 16; off > 0; off >>= 1) v = op(v, __shfl_down_sync(0xffffffffu, v, off));
  return v;
}

// Reduces v over the whole block (blockDim.x * blockDim.y threads, a multiple of 32, at most 1024)
// and returns the result to every thread. Every thread of the block must call it. `scratch`:
// 33 values of shared memory.
template <class A, class Op>
__device__ A block_allreduce(A v, Op op, A identity, A* scratch) {
  const int tid = threadIdx.x + threadIdx.y * blockDim.x;
  const int warps = (blockDim.x * blockDim.y) >> 5;
  v = warp_reduce(v, op);
  __syncthreads();  // scratch may still be read by a previous call
  if ((tid & 31) == 0) scratch[tid >> 5] = v;
  __syncthreads();
  if (tid < 32) {
    v = tid < warps ? scratch[tid] : identity;
    v = warp_reduce(v, op);
    if (tid == 0) scratch[32] = v;
  }
  __syncthreads();
  return scratch[32];
}

// A one-dimensional block as the row programs (row_programs.cuh) see it; `scratch`: 33 values of
// shared memory.
struct DeviceBlock {
  double* scratch;
  __device__ long long tid() const { return threadIdx.x; }
  __device__ long long threads() const { return blockDim.x; }
  __device__ double all_sum(double v) { return block_allreduce(v, SumOp(), 0.0, scratch); }
  __device__ double all_max(double v) { return block_allreduce(v, MaxOp(), -CUDART_INF, scratch); }
};

// y[o] = scale * sum over s of partial[s * outputs + o]: the second pass of a split reduction.
template <class T>
__global__ void finish_partials_kernel(T* y, const double* partial, long long outputs, long long splits, double scale) {
  for (long long o = blockIdx.x * (long long)blockDim.x + threadIdx.x; o < outputs; o += (long long)gridDim.x * blockDim.x) {
    finish_partials_element(y, partial, outputs, splits, scale, o);
  }
}

// Streaming multiprocessors of the current device (asked once), to size split reductions.
inline int sm_count() {
  static const int n = [] {
    int dev = 0, count = 0;
    MSSAR_CUDA_CHECK("cuda device query", cudaGetDevice(&dev));
    MSSAR_CUDA_CHECK("cuda device query", cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, dev));
    return count > 0 ? count : 1;
  }();
  return n;
}

inline long long ceil_div(long long a, long long b) { return (a + b - 1) / b; }

}  // namespace mssar::cuda
