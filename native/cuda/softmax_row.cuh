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

// Writes y[0..k) = (x - m) - log_sum for one row, in that order (x - m is exact for equal huge
// logits, where x - (m + log_sum) gives 0), and returns m and log_sum (to every thread of the
// block). Also returns sum_k (x_k - m) in *row_sum when asked (every thread must pass the same choice).
struct RowLse {
  double max, log_sum;
};

template <class T>
__device__ RowLse log_softmax_row(T* y, const T* x, long long k, double* scratch, double* row_sum) {
  double m = -CUDART_INF;
  for (long long j = threadIdx.x; j < k; j += blockDim.x) m = MaxOp()(m, double(x[j]));
  m = block_allreduce(m, MaxOp(), -CUDART_INF, scratch);
  const T mt = T(m);
  double s = 0;
  for (long long j = threadIdx.x; j < k; j += blockDim.x) s += double(exp(x[j] - mt));
  s = block_allreduce(s, SumOp(), 0.0, scratch);
  const double ls = log(s), md = double(mt);
  for (long long j = threadIdx.x; j < k; j += blockDim.x) y[j] = T((double(x[j]) - md) - ls);
  if (row_sum) {
    double sx = 0;
    for (long long j = threadIdx.x; j < k; j += blockDim.x) sx += double(x[j]) - md;
    *row_sum = block_allreduce(sx, SumOp(), 0.0, scratch);
  }
  return RowLse{md, ls};
}

}  // namespace mssar::cuda
