// Reference softmax, float64: y = exp(x - m) / sum_k exp(x_k - m),
// m the maximum along dim 1 of [outer, K, inner]; dx = y * (dy - sum_k dy_k y_k).
#include <cmath>

#include "../../ops/softmax.h"
#include "softmax_lines.h"

namespace mssar::ref {

void softmax_forward(Tensor& y, const Tensor& x) {
  map_softmax_lines(y, x, [](double v, MaxSumExp e) { return std::exp(v - e.max) / e.sum_exp; });
}

void softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const SoftmaxDims dims = softmax_dims(y);
  const double* g = dy.data<double>();
  const double* out = y.data<double>();
  double* d = dx.data<double>();
  for_each_softmax_line(dims, [&](int64_t at, int64_t stride) {
    double dot = 0;
    for (int64_t j = 0; j < dims.k; ++j) dot += g[at + j * stride] * out[at + j * stride];
    for (int64_t j = 0; j < dims.k; ++j) d[at + j * stride] = out[at + j * stride] * (g[at + j * stride] - dot);
  });
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(softmax_forward, Reference, ref::softmax_forward)
MSSAR_REGISTER_KERNEL(softmax_backward, Reference, ref::softmax_backward)
}  // namespace mssar
