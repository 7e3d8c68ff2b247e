// add on CUDA: one elementwise launch (broadcast.cuh). Its backward runs on the sum kernels.
#include "../core/dtype_dispatch.h"
#include "../ops/add.h"
#include "broadcast.cuh"

namespace mssar::cuda {

void add_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const ChannelBroadcast bc = check_channel_broadcast("add", a, b);
  dispatch_float(a.dtype(), "add", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    launch_channel_broadcast(y.data<scalar_t>(), a.data<scalar_t>(), b.data<scalar_t>(),
                             physical_numel(a.shape(), a.layout()), bc, AddOp());
  });
  MSSAR_CUDA_LAUNCHED("add");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(add_forward, CUDA, cuda::add_forward)
}  // namespace mssar
