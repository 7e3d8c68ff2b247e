// The binary elementwise ops on CUDA: one thread per output, operand offsets from the broadcast
// plan (BroadcastPlan, merged dims); the program: broadcast_elements.cuh.
#include "../core/dtype_dispatch.h"
#include "../ops/binary.h"
#include "../ops/broadcast_plan.h"
#include "broadcast_elements.cuh"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T, class O>
__global__ void binary_kernel(O* y, const T* a, const T* b, BroadcastPlan p, BinaryOp op) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < p.numel; i += (long long)gridDim.x * blockDim.x)
    binary_element(y, a, b, p, op, i);
}

}  // namespace

void binary_forward(Tensor& y, const Tensor& a, const Tensor& b, BinaryOp op) {
  const char* name = binary_op_name(op);
  const BroadcastPlan p = make_broadcast_plan(name, y.shape(), {&a.shape(), &b.shape()});
  dispatch_all(a.dtype(), name, [&](auto tag_) {
    using T = decltype(tag_);
    if (is_comparison(op)) {
      binary_kernel<T, bool><<<grid_for(p.numel), 256, 0, stream()>>>(y.data<bool>(), a.data<T>(), b.data<T>(), p, op);
    } else {
      binary_kernel<T, T><<<grid_for(p.numel), 256, 0, stream()>>>(y.data<T>(), a.data<T>(), b.data<T>(), p, op);
    }
  });
  MSSAR_CUDA_LAUNCHED(name);
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(binary_forward, CUDA, cuda::binary_forward)
}  // namespace mssar
