#include "sigmoid.h"

#include "checks.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(sigmoid_forward)
MSSAR_DEFINE_KERNEL(sigmoid_backward)

Tensor sigmoid_forward(const Tensor& x) {
  check_float("sigmoid", "x", x);
  Backend b = select_backend("sigmoid", {&x});
  Tensor y = Tensor::empty_like(x);
  if (y.numel() > 0) sigmoid_forward_kernels()[b](y, x);
  return y;
}

Tensor sigmoid_backward(const Tensor& dy, const Tensor& y) {
  check_float("sigmoid_backward", "y", y);
  check_like("sigmoid_backward", "y", y, "dy", dy);
  check_same_shape("sigmoid_backward", "y", y, "dy", dy);
  MSSAR_CHECK(dy.layout() == y.layout(), "sigmoid_backward: dy and y layouts differ: ", dy.describe(), " and ",
              y.describe());
  Backend b = select_backend("sigmoid_backward", {&dy, &y});
  Tensor dx = Tensor::empty_like(y);
  if (dx.numel() > 0) sigmoid_backward_kernels()[b](dx, dy, y);
  return dx;
}

}  // namespace mssar
