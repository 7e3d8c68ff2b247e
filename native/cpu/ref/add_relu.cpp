// Reference add_relu, float64, straight from the definition: max(a + b, 0).
#include "../../ops/add_relu.h"

namespace mssar::ref {

void add_relu_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const double* pa = a.data<double>();
  const double* pb = b.data<double>();
  double* out = y.data<double>();
  for (int64_t i = 0; i < a.numel(); ++i) {
    const double s = pa[i] + pb[i];
    out[i] = s > 0 ? s : 0;
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(add_relu_forward, Reference, ref::add_relu_forward)
}  // namespace mssar
