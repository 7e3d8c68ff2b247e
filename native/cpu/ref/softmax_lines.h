// The stable pieces of softmax over a line of k values (stride apart): m, the maximum, and
// s = sum_j exp(x_j - m). softmax_j = exp(x_j - m) / s, log_softmax_j = x_j - m - log(s). Shared by
// the reference softmax, log_softmax and cross_entropy.
#pragma once
#include <cmath>
#include <cstdint>

#include "../../ops/softmax_dims.h"

namespace mssar::ref {

struct MaxSumExp {
  double max;
  double sum_exp;
};

inline MaxSumExp max_sum_exp(const double* x, int64_t k, int64_t stride = 1) {
  double m = x[0];
  for (int64_t j = 1; j < k; ++j) m = std::fmax(m, x[j * stride]);
  double s = 0;
  for (int64_t j = 0; j < k; ++j) s += std::exp(x[j * stride] - m);
  return {m, s};
}

// Calls f(offset of the line's first element, stride) for each line along dim 1 of [outer, K, inner].
template <class F>
void for_each_softmax_line(const SoftmaxDims& d, F f) {
  for (int64_t o = 0; o < d.outer; ++o)
    for (int64_t i = 0; i < d.inner; ++i) f(o * d.k * d.inner + i, d.inner);
}

// y = f(x, max_sum_exp(line)) along dim 1 of a float64 [outer, K, inner] tensor x.
template <class F>
void map_softmax_lines(Tensor& y, const Tensor& x, F f) {
  const SoftmaxDims d = softmax_dims(x);
  const double* in = x.data<double>();
  double* out = y.data<double>();
  for_each_softmax_line(d, [&](int64_t at, int64_t stride) {
    const MaxSumExp e = max_sum_exp(in + at, d.k, stride);
    for (int64_t j = 0; j < d.k; ++j) out[at + j * stride] = f(in[at + j * stride], e);
  });
}

}  // namespace mssar::ref
