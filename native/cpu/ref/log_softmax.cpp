// Reference log_softmax, float64: y = x - m - log(sum_k exp(x_k - m)), m the row maximum;
// dx = dy - softmax * sum_k dy.
#include <cmath>

#include "../../ops/log_softmax.h"

namespace mssar::ref {

void log_softmax_forward(Tensor& y, const Tensor& x) {
  const int64_t n = x.size(0), k = x.size(1);
  const double* in = x.data<double>();
  double* out = y.data<double>();
  for (int64_t r = 0; r < n; ++r) {
    const double* xr = in + r * k;
    double m = xr[0];
    for (int64_t j = 1; j < k; ++j) m = std::fmax(m, xr[j]);
    double s = 0;
    for (int64_t j = 0; j < k; ++j) s += std::exp(xr[j] - m);
    for (int64_t j = 0; j < k; ++j) out[r * k + j] = xr[j] - m - std::log(s);
  }
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
