// Reference sigmoid, float64, from the definition 1 / (1 + exp(-x)), written for each sign so
// that the exp never overflows.
#include <cmath>

#include "../../ops/sigmoid.h"

namespace mssar::ref {

void sigmoid_forward(Tensor& y, const Tensor& x) {
  const double* in = x.data<double>();
  double* out = y.data<double>();
  for (int64_t i = 0; i < x.numel(); ++i)
    out[i] = in[i] >= 0 ? 1 / (1 + std::exp(-in[i])) : std::exp(in[i]) / (1 + std::exp(in[i]));
}

void sigmoid_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const double* g = dy.data<double>();
  const double* out = y.data<double>();
  double* d = dx.data<double>();
  for (int64_t i = 0; i < y.numel(); ++i) d[i] = g[i] * out[i] * (1 - out[i]);
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(sigmoid_forward, Reference, ref::sigmoid_forward)
MSSAR_REGISTER_KERNEL(sigmoid_backward, Reference, ref::sigmoid_backward)
}  // namespace mssar
