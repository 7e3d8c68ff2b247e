// Reference relu, float64, straight from the definition.
#include "../../ops/relu.h"

namespace mssar::ref {

void relu_forward(Tensor& y, const Tensor& x) {
  const double* in = x.data<double>();
  double* out = y.data<double>();
  for (int64_t i = 0; i < x.numel(); ++i) out[i] = in[i] > 0 ? in[i] : 0;
}

void relu_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const double* g = dy.data<double>();
  const double* out = y.data<double>();
  double* d = dx.data<double>();
  for (int64_t i = 0; i < y.numel(); ++i) d[i] = out[i] > 0 ? g[i] : 0;
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(relu_forward, Reference, ref::relu_forward)
MSSAR_REGISTER_KERNEL(relu_backward, Reference, ref::relu_backward)
}  // namespace mssar
