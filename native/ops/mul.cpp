#include "mul.h"

#include "channel_broadcast.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(mul_forward)
MSSAR_DEFINE_KERNEL(mul_backward)

Tensor mul_forward(const Tensor& a, const Tensor& b) {
  check_channel_broadcast("mul", a, b);
  Backend be = select_backend("mul", {&a, &b});
  Tensor y = Tensor::empty_like(a);
  if (y.numel() > 0) mul_forward_kernels()[be](y, a, b);
  return y;
}

std::pair<Tensor, Tensor> mul_backward(const Tensor& dy, const Tensor& a, const Tensor& b, bool need_a, bool need_b) {
  check_channel_broadcast("mul_backward", a, b);
  check_like("mul_backward", "a", a, "dy", dy);
  check_same_shape("mul_backward", "a", a, "dy", dy);
  MSSAR_CHECK(dy.layout() == a.layout(), "mul_backward: dy and a layouts differ: ", dy.describe(), " and ",
              a.describe());
  Backend be = select_backend("mul_backward", {&dy, &a, &b});
  Tensor da = need_a ? Tensor::empty_like(a) : Tensor();
  Tensor db = need_b ? Tensor::empty_like(b) : Tensor();
  if ((need_a || need_b) && a.numel() > 0) {
    mul_backward_kernels()[be](da, db, dy, a, b);
  } else if (db.defined()) {
    db.zero_();  // an empty a contributes nothing to b's gradient
  }
  return {da, db};
}

}  // namespace mssar
