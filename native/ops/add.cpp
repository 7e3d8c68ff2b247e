#include "add.h"

#include "channel_broadcast.h"
#include "create.h"
#include "sum.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(add_forward)

Tensor add_forward(const Tensor& a, const Tensor& b) {
  const ChannelBroadcast bc = check_channel_broadcast("add", a, b);
  Backend be = select_backend("add", {&a, &b});
  const BroadcastOperands o = broadcast_operands(bc, a, b, be);
  Tensor y = Tensor::empty_like(o.a);
  if (y.numel() > 0) add_forward_kernels()[be](y, o.a, o.b);
  return y;
}

Tensor add_backward(const Tensor& dy, const Shape& b_shape) {
  check_float("add backward", "dy", dy);
  if (b_shape == dy.shape()) {
    select_backend("add backward", {&dy});
    return clone(dy);
  }
  const bool channel_shape = dy.ndim() == 4 && b_shape.size() == 4 && (b_shape[0] == 1 || b_shape[0] == dy.size(0)) &&
                             b_shape[1] == dy.size(1) && b_shape[2] == 1 && b_shape[3] == 1;
  MSSAR_CHECK(channel_shape, "add backward: bShape must be dy's shape, or [1, C, 1, 1] or [N, C, 1, 1] against a ",
              "4-d dy = [N, C, H, W]; got dy ", dy.describe(), " and bShape ", shape_str(b_shape));
  select_backend("add backward", {&dy});
  const std::vector<int64_t> dims = b_shape[0] == dy.size(0) ? std::vector<int64_t>{2, 3}
                                                              : std::vector<int64_t>{0, 2, 3};
  return sum_to_shape("add backward", to_plain(dy), dims, b_shape);
}

}  // namespace mssar
