// One row of a log-softmax on the CPU, shared by log_softmax and cross_entropy:
// y = (x - max) - log(sum exp(x - max)), the sum in double.
#pragma once
#include <cmath>
#include <cstdint>

#include "vec_math.h"

namespace mssar::cpu {

// The row's maximum m and log(sum exp(x - m)). log-softmax is (x - m) - log_sum, in that order:
// x - m is exact for equal huge logits (1e30, or two tied at 1e17), where m + log_sum would round
// the log away and x - lse give 0 instead of -log(k).
struct RowLse {
  double max, log_sum;
};

// Writes y[0..k) = (x - m) - log_sum and returns m and log_sum.
template <class T>
RowLse log_softmax_row(T* y, const T* x, int64_t k) {
  T m = x[0];
#pragma omp simd reduction(max : m)
  for (int64_t j = 0; j < k; ++j) m = x[j] > m ? x[j] : m;
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t j = 0; j < k; ++j) s += double(exp_simd(x[j] - m));
  const double ls = std::log(s);
  const double md = double(m);
  // In double, so that float32 keeps the digits the log's rounding would cost.
#pragma omp simd
  for (int64_t j = 0; j < k; ++j) y[j] = T((double(x[j]) - md) - ls);
  return RowLse{md, ls};
}

}  // namespace mssar::cpu
