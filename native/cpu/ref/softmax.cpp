// Reference softmax, float64: y = exp(x - m) / sum_k exp(x_k - m), m the row maximum;
// dx = y * (dy - sum_k dy_k y_k).
#include <cmath>

#include "../../ops/softmax.h"
#include "softmax_rows.h"

namespace mssar::ref {

void softmax_forward(Tensor& y, const Tensor& x) {
  map_softmax_rows(y, x, [](double v, MaxSumExp e) { return std::exp(v - e.max) / e.sum_exp; });
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
