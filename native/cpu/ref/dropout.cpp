// Reference dropout, float64: element i kept when its Philox uniform exceeds p (ops/dropout.h).
#include "../../ops/dropout.h"

namespace mssar::ref {

void dropout_forward(Tensor& y, Tensor& mask, const Tensor& x, double p, uint64_t seed, uint64_t offset) {
  for (int64_t i = 0; i < x.numel(); ++i) {
    const double m = dropout_keep(seed, offset, uint64_t(i), p) ? 1 / (1 - p) : 0;
    mask.data<double>()[i] = m;
    y.data<double>()[i] = x.data<double>()[i] * m;
  }
}

void dropout_backward(Tensor& dx, const Tensor& dy, const Tensor& mask) {
  for (int64_t i = 0; i < dy.numel(); ++i) dx.data<double>()[i] = dy.data<double>()[i] * mask.data<double>()[i];
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(dropout_forward, Reference, ref::dropout_forward)
MSSAR_REGISTER_KERNEL(dropout_backward, Reference, ref::dropout_backward)
}  // namespace mssar
