#include "softmax.h"

#include "checks.h"
#include "softmax_dims.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(softmax_forward)
MSSAR_DEFINE_KERNEL(softmax_backward)

Tensor softmax_forward(const Tensor& x) {
  check_float("softmax", "x", x);
  check_softmax_operand("softmax", "x", x);
  Backend b = select_backend("softmax", {&x});
  Tensor y = Tensor::empty_like(x);
  if (y.numel() > 0) softmax_forward_kernels()[b](y, x);
  return y;
}

Tensor softmax_backward(const Tensor& dy, const Tensor& y) {
  check_float("softmax backward", "y", y);
  check_softmax_operand("softmax backward", "y", y);
  check_like("softmax backward", "y", y, "dy", dy);
  check_same_shape("softmax backward", "y", y, "dy", dy);
  Backend b = select_backend("softmax backward", {&dy, &y});
  Tensor dx = Tensor::empty_like(y);
  if (dx.numel() > 0) softmax_backward_kernels()[b](dx, dy, y);
  return dx;
}

}  // namespace mssar
