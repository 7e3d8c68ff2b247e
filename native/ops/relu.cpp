#include "relu.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(relu_forward)
MSSAR_DEFINE_KERNEL(relu_backward)

Tensor relu_forward(const Tensor& x) {
  check_float("relu", "x", x);
  Backend b = select_backend("relu", {&x});
  Tensor y = Tensor::empty_like(x);
  relu_forward_kernels()[b](y, x);
  return y;
}

Tensor relu_backward(const Tensor& dy, const Tensor& y) {
  check_float("relu backward", "y", y);
  check_like("relu backward", "y", y, "dy", dy);
  check_same_shape("relu backward", "y", y, "dy", dy);
  Backend b = select_backend("relu backward", {&dy, &y});
  Tensor dx = Tensor::empty_like(y);
  relu_backward_kernels()[b](dx, to_layout(dy, y.layout()), y);
  return dx;
}

}  // namespace mssar
