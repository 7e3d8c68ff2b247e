#include "softmax.h"

#include "checks.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(softmax_forward)
MSSAR_DEFINE_KERNEL(softmax_backward)

Tensor softmax_forward(const Tensor& x) {
  check_float("softmax", "x", x);
  check_ndim("softmax", "x", x, 2, "[N, K]");  // 2-d tensors are always plain
  Backend b = select_backend("softmax", {&x});
  Tensor y = Tensor::empty_like(x);
  if (y.numel() > 0) softmax_forward_kernels()[b](y, x);
  return y;
}

Tensor softmax_backward(const Tensor& dy, const Tensor& y) {
  check_float("softmax backward", "y", y);
  check_ndim("softmax backward", "y", y, 2, "[N, K]");
  check_like("softmax backward", "y", y, "dy", dy);
  check_same_shape("softmax backward", "y", y, "dy", dy);
  Backend b = select_backend("softmax backward", {&dy, &y});
  Tensor dx = Tensor::empty_like(y);
  if (dx.numel() > 0) softmax_backward_kernels()[b](dx, dy, y);
  return dx;
}

}  // namespace mssar
