// One row of a log-softmax per block on CUDA, shared by log_softmax and cross_entropy.
#pragma once
#include <math_constants.h>

#include "reduce.cuh"

namespace mssar::cuda {

// Threads per block for rows of k elements: a multiple of 32, at most 256.
inline unsigned row_block(long long k) {
  long long t = (k + 31) / 32 * 32;
  return unsigned(t < 32 ? 32 : t > 256 ? 256 : t);
}

// Writes y[0..k) = x - lse for one row and returns lse (to every thread of the block). Also
// returns sum_k x_k in *row_sum when asked (every thread must pass the same choice).
template <class T>
__device__ double log_softmax_row(T* y, const T* x, long long k, double* scratch, double* row_sum) {
  double m = -CUDART_INF, sx = 0;
  for (long long j = threadIdx.x; j < k; j += blockDim.x) {
    const double v = double(x[j]);
    m = MaxOp()(m, v);
    sx += v;
  }
  m = block_allreduce(m, MaxOp(), -CUDART_INF, scratch);
  const T mt = T(m);
  double s = 0;
  for (long long j = threadIdx.x; j < k; j += blockDim.x) s += double(exp(x[j] - mt));
  s = block_allreduce(s, SumOp(), 0.0, scratch);
  const double lse = double(mt) + log(s);
  for (long long j = threadIdx.x; j < k; j += blockDim.x) y[j] = T(double(x[j]) - lse);
  if (row_sum) *row_sum = block_allreduce(sx, SumOp(), 0.0, scratch);
  return lse;
}

}  // namespace mssar::cuda
