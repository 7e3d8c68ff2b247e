#include "mul.h"

#include "channel_broadcast.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(mul_forward)
MSSAR_DEFINE_KERNEL(mul_backward)

Tensor mul_forward(const Tensor& a, const Tensor& b) {
  const ChannelBroadcast bc = check_channel_broadcast("mul", a, b);
  Backend be = select_backend("mul", {&a, &b});
  const BroadcastOperands o = broadcast_operands(bc, a, b, be);
  Tensor y = Tensor::empty_like(o.a);
  if (y.numel() > 0) mul_forward_kernels()[be](y, o.a, o.b);
  return y;
}

std::pair<Tensor, Tensor> mul_backward(const Tensor& dy_in, const Tensor& a_in, const Tensor& b_in, bool need_a,
                                       bool need_b) {
  const ChannelBroadcast bc = check_channel_broadcast("mul backward", a_in, b_in);
  check_like("mul backward", "a", a_in, "dy", dy_in);
  check_same_shape("mul backward", "a", a_in, "dy", dy_in);
  Backend be = select_backend("mul backward", {&dy_in, &a_in, &b_in});
  const BroadcastOperands o = broadcast_operands(bc, a_in, b_in, be);
  const Tensor& a = o.a;
  const Tensor& b = o.b;
  const Tensor dy = to_layout(dy_in, a.layout());
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
