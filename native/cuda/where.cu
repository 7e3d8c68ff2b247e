// where on CUDA: one thread per output, offsets from the three-operand broadcast plan.
#include "../core/dtype_dispatch.h"
#include "../ops/broadcast_plan.h"
#include "../ops/where.h"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void where_kernel(T* y, const bool* c, const T* a, const T* b, BroadcastPlan p) {
  const long long inner = p.inner();
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < p.numel; i += (long long)gridDim.x * blockDim.x) {
    int64_t off[3];
    const long long row = i / inner, col = i - row * inner;
    p.row_offsets(row, off, 3);
    const int last = p.ndim - 1;
    y[i] = c[off[0] + col * p.stride[0][last]] ? a[off[1] + col * p.stride[1][last]] : b[off[2] + col * p.stride[2][last]];
  }
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
