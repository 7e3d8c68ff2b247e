// Reference log_softmax, float64: y = x - m - log(sum_k exp(x_k - m)),
// m the maximum along dim 1 of [outer, K, inner]; dx = dy - softmax * sum_k dy.
#include <cmath>

#include "../../ops/log_softmax.h"
#include "softmax_lines.h"

namespace mssar::ref {

void log_softmax_forward(Tensor& y, const Tensor& x) {
  map_softmax_lines(y, x, [](double v, MaxSumExp e) { return v - e.max - std::log(e.sum_exp); });
}

void log_softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const SoftmaxDims dims = softmax_dims(y);
  const double* g = dy.data<double>();
  const double* out = y.data<double>();
  double* d = dx.data<double>();
  for_each_softmax_line(dims, [&](int64_t at, int64_t stride) {
    double total = 0;
    for (int64_t j = 0; j < dims.k; ++j) total += g[at + j * stride];
    for (int64_t j = 0; j < dims.k; ++j) d[at + j * stride] = g[at + j * stride] - std::exp(out[at + j * stride]) * total;
  });
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(log_softmax_forward, Reference, ref::log_softmax_forward)
MSSAR_REGISTER_KERNEL(log_softmax_backward, Reference, ref::log_softmax_backward)
}  // namespace mssar
