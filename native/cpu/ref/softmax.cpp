// Reference softmax, float64: y = exp(x - m) / sum_k exp(x_k - m), m the row maximum;
// dx = y * (dy - sum_k dy_k y_k).
#include <cmath>

#include "../../ops/softmax.h"

namespace mssar::ref {

void softmax_forward(Tensor& y, const Tensor& x) {
  const int64_t n = x.size(0), k = x.size(1);
  const double* in = x.data<double>();
  double* out = y.data<double>();
  for (int64_t r = 0; r < n; ++r) {
    const double* xr = in + r * k;
    double m = xr[0];
    for (int64_t j = 1; j < k; ++j) m = std::fmax(m, xr[j]);
    double s = 0;
    for (int64_t j = 0; j < k; ++j) s += std::exp(xr[j] - m);
    for (int64_t j = 0; j < k; ++j) out[r * k + j] = std::exp(xr[j] - m) / s;
  }
}

void softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const int64_t n = y.size(0), k = y.size(1);
  const double* g = dy.data<double>();
  const double* out = y.data<double>();
  double* d = dx.data<double>();
  for (int64_t r = 0; r < n; ++r) {
    double dot = 0;
    for (int64_t j = 0; j < k; ++j) dot += g[r * k + j] * out[r * k + j];
    for (int64_t j = 0; j < k; ++j) d[r * k + j] = out[r * k + j] * (g[r * k + j] - dot);
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(softmax_forward, Reference, ref::softmax_forward)
MSSAR_REGISTER_KERNEL(softmax_backward, Reference, ref::softmax_backward)
}  // namespace mssar
