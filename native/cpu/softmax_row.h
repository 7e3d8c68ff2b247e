// One row of a log-softmax on the CPU, shared by log_softmax and cross_entropy:
// y = x - lse, lse = max + log(sum exp(x - max)), the sum in double.
#pragma once
#include <cmath>
#include <cstdint>

#include "vec_math.h"

namespace mssar::cpu {

// Writes y[0..k) and returns the row's log-sum-exp.
template <class T>
double log_softmax_row(T* y, const T* x, int64_t k) {
  T m = x[0];
#pragma omp simd reduction(max : m)
  for (int64_t j = 0; j < k; ++j) m = x[j] > m ? x[j] : m;
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t j = 0; j < k; ++j) s += double(exp_simd(x[j] - m));
  const double lse = double(m) + std::log(s);
  const T shift = T(lse);
  if (sizeof(T) == sizeof(double)) {
#pragma omp simd
    for (int64_t j = 0; j < k; ++j) y[j] = x[j] - shift;
  } else {
    // float32: subtract in double so that y keeps the digits lse's rounding would cost.
#pragma omp simd
    for (int64_t j = 0; j < k; ++j) y[j] = T(double(x[j]) - lse);
  }
  return lse;
}

}  // namespace mssar::cpu
