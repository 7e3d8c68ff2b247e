// add on the CPU: one vectorized pass (channel_broadcast_apply). Its backward runs on the sum kernels.
#include "../ops/add.h"

#include "../core/dtype_dispatch.h"
#include "broadcast_loop.h"

namespace mssar::cpu {

void add_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const ChannelBroadcast bc = check_channel_broadcast("add", a, b);
  dispatch_float(a.dtype(), "add", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    channel_broadcast_apply(y.data<scalar_t>(), a.data<scalar_t>(), b.data<scalar_t>(),
                            bc.same ? LaneView() : lane_view(a), physical_numel(a.shape(), a.layout()), bc,
                            [](scalar_t u, scalar_t v) { return u + v; });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(add_forward, CPU, cpu::add_forward)
}  // namespace mssar
