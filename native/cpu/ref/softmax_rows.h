// The stable pieces of softmax over a row of k values: m, the row maximum, and s = sum_j exp(x_j - m).
// softmax_j = exp(x_j - m) / s, log_softmax_j = x_j - m - log(s). Shared by the reference softmax,
// log_softmax and cross_entropy.
#pragma once
#include <cmath>
#include <cstdint>

#include "../../core/tensor.h"

namespace mssar::ref {

struct MaxSumExp {
  double max;
  double sum_exp;
};

inline MaxSumExp max_sum_exp(const double* x, int64_t k) {
  double m = x[0];
  for (int64_t j = 1; j < k; ++j) m = std::fmax(m, x[j]);
  double s = 0;
  for (int64_t j = 0; j < k; ++j) s += std::exp(x[j] - m);
  return {m, s};
}

// y[r, j] = f(x[r, j], max_sum_exp(row r)) for a float64 [N, K] tensor x.
template <class F>
void map_softmax_rows(Tensor& y, const Tensor& x, F f) {
  const int64_t n = x.size(0), k = x.size(1);
  const double* in = x.data<double>();
  double* out = y.data<double>();
  for (int64_t r = 0; r < n; ++r) {
    const double* xr = in + r * k;
    const MaxSumExp e = max_sum_exp(xr, k);
    for (int64_t j = 0; j < k; ++j) out[r * k + j] = f(xr[j], e);
  }
}

}  // namespace mssar::ref
