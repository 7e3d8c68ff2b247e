#include "log_softmax.h"

#include "checks.h"
#include "softmax_dims.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(log_softmax_forward)
MSSAR_DEFINE_KERNEL(log_softmax_backward)

Tensor log_softmax_forward(const Tensor& x) {
  check_float("logSoftmax", "x", x);
  check_softmax_operand("logSoftmax", "x", x);
  Backend b = select_backend("logSoftmax", {&x});
  Tensor y = Tensor::empty_like(x);
  if (y.numel() > 0) log_softmax_forward_kernels()[b](y, x);
  return y;
}

Tensor log_softmax_backward(const Tensor& dy, const Tensor& y) {
  check_float("logSoftmax backward", "y", y);
  check_softmax_operand("logSoftmax backward", "y", y);
  check_like("logSoftmax backward", "y", y, "dy", dy);
  check_same_shape("logSoftmax backward", "y", y, "dy", dy);
  Backend b = select_backend("logSoftmax backward", {&dy, &y});
  Tensor dx = Tensor::empty_like(y);
  if (dx.numel() > 0) log_softmax_backward_kernels()[b](dx, dy, y);
  return dx;
}

}  // namespace mssar
