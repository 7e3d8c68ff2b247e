// where on CUDA: one thread per output, offsets from the three-operand broadcast plan (the program:
// broadcast_elements.cuh).
#include "../core/dtype_dispatch.h"
#include "../ops/broadcast_plan.h"
#include "../ops/where.h"
#include "broadcast_elements.cuh"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void where_kernel(T* y, const bool* c, const T* a, const T* b, BroadcastPlan p) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < p.numel; i += (long long)gridDim.x * blockDim.x)
    where_element(y, c, a, b, p, i);
}

}  // namespace

void where_forward(Tensor& y, const Tensor& cond, const Tensor& a, const Tensor& b) {
  const BroadcastPlan p = make_broadcast_plan("where", y.shape(), {&cond.shape(), &a.shape(), &b.shape()});
  dispatch_all(a.dtype(), "where", [&](auto tag_) {
    using T = decltype(tag_);
    where_kernel<T><<<grid_for(p.numel), 256, 0, stream()>>>(y.data<T>(), cond.data<bool>(), a.data<T>(), b.data<T>(), p);
  });
  MSSAR_CUDA_LAUNCHED("where");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(where_forward, CUDA, cuda::where_forward)
}  // namespace mssar
