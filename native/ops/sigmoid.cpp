#include "sigmoid.h"

#include "checks.h"
#include "layout.h"
#include "../core/lane_view.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(sigmoid_forward)
MSSAR_DEFINE_KERNEL(sigmoid_backward)

Tensor sigmoid_forward(const Tensor& x_in) {
  check_float("sigmoid", "x", x_in);
  Backend b = select_backend("sigmoid", {&x_in});
  // sigmoid(0) is not 0: a blocked tensor with padding lanes is made plain, the padding must stay zero.
  const bool padded = is_blocked(x_in.layout()) && x_in.size(1) % layout_block(x_in.layout()) != 0;
  const Tensor x = padded ? to_plain(x_in) : x_in;
  Tensor y = Tensor::empty_like(x);
  if (y.numel() > 0) sigmoid_forward_kernels()[b](y, x);
  return y;
}

Tensor sigmoid_backward(const Tensor& dy, const Tensor& y) {
  check_float("sigmoid backward", "y", y);
  check_like("sigmoid backward", "y", y, "dy", dy);
  check_same_shape("sigmoid backward", "y", y, "dy", dy);
  Backend b = select_backend("sigmoid backward", {&dy, &y});
  Tensor dx = Tensor::empty_like(y);
  if (dx.numel() > 0) sigmoid_backward_kernels()[b](dx, to_layout(dy, y.layout()), y);
  return dx;
}

}  // namespace mssar
