// The binary elementwise ops on CUDA: one thread per output, operand offsets from the broadcast
// plan (BroadcastPlan, merged dims).
#include <type_traits>

#include "../core/dtype_dispatch.h"
#include "../ops/binary.h"
#include "../ops/broadcast_plan.h"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T, class O>
__device__ O binary_value(BinaryOp op, T u, T v) {
  switch (op) {
    case BinaryOp::Eq: return O(u == v);
    case BinaryOp::Ne: return O(u != v);
    case BinaryOp::Lt: return O(u < v);
    case BinaryOp::Le: return O(u <= v);
    case BinaryOp::Gt: return O(u > v);
    case BinaryOp::Ge: return O(u >= v);
    default: break;
  }
  if constexpr (std::is_same_v<T, bool>) {
    return O(0);
  } else {
    switch (op) {
      case BinaryOp::Add: return O(u + v);
      case BinaryOp::Sub: return O(u - v);
      case BinaryOp::Mul: return O(u * v);
      case BinaryOp::Maximum: return O((u > v || u != u) ? u : v);
      case BinaryOp::Minimum: return O((u < v || u != u) ? u : v);
      case BinaryOp::Div: return O(u / v);
      case BinaryOp::Pow:
        if constexpr (std::is_floating_point_v<T>) return O(pow(u, v));
        return O(0);
      default: return O(0);
    }
  }
}

template <class T, class O>
__global__ void binary_kernel(O* y, const T* a, const T* b, BroadcastPlan p, BinaryOp op) {
  const long long inner = p.inner();
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < p.numel; i += (long long)gridDim.x * blockDim.x) {
    int64_t off[2];
    const long long row = i / inner, col = i - row * inner;
    p.row_offsets(row, off, 2);
    const T u = a[off[0] + col * p.stride[0][p.ndim - 1]];
    const T v = b[off[1] + col * p.stride[1][p.ndim - 1]];
    y[i] = binary_value<T, O>(op, u, v);
  }
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
