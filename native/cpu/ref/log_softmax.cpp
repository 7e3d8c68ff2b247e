// Reference log_softmax, float64: y = x - m - log(sum_k exp(x_k - m)), m the row maximum;
// dx = dy - softmax * sum_k dy.
#include <cmath>

#include "../../ops/log_softmax.h"
#include "softmax_rows.h"

namespace mssar::ref {

void log_softmax_forward(Tensor& y, const Tensor& x) {
  map_softmax_rows(y, x, [](double v, MaxSumExp e) { return v - e.max - std::log(e.sum_exp); });
}

void log_softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const int64_t n = y.size(0), k = y.size(1);
  const double* g = dy.data<double>();
  const double* out = y.data<double>();
  double* d = dx.data<double>();
  for (int64_t r = 0; r < n; ++r) {
    double total = 0;
    for (int64_t j = 0; j < k; ++j) total += g[r * k + j];
    for (int64_t j = 0; j < k; ++j) d[r * k + j] = g[r * k + j] - std::exp(out[r * k + j]) * total;
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(log_softmax_forward, Reference, ref::log_softmax_forward)
MSSAR_REGISTER_KERNEL(log_softmax_backward, Reference, ref::log_softmax_backward)
}  // namespace mssar
