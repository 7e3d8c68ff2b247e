// The elementwise launch of add and mul on CUDA: b of a's shape, or one b value per [H, W] plane
// (channel broadcast). 32-bit index arithmetic when the tensor allows it.
#pragma once
#include <cstdint>

#include "../ops/channel_broadcast.h"
#include "context.h"

namespace mssar::cuda {

template <class T, class I, class Op>
__global__ void channel_broadcast_kernel(T* y, const T* a, const T* b, I n, I hw, I c, int mode, Op op) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += I(gridDim.x) * blockDim.x) {
    I bi = i;
    if (mode == 1) bi = (i / hw) % c;  // [1, C, 1, 1]
    if (mode == 2) bi = i / hw;        // [N, C, 1, 1]
    y[i] = op(a[i], b[bi]);
  }
}

template <class T, class Op>
void launch_channel_broadcast(T* y, const T* a, const T* b, long long n, const ChannelBroadcast& bc, Op op) {
  if (n == 0) return;
  const int mode = bc.same ? 0 : bc.per_sample ? 2 : 1;
  const long long hw = bc.same ? 1 : bc.hw, c = bc.same ? 1 : bc.c;
  if (n <= 0x7fffffffLL) {
    channel_broadcast_kernel<T, unsigned, Op><<<grid_for(n), 256, 0, stream()>>>(y, a, b, unsigned(n), unsigned(hw),
                                                                                  unsigned(c), mode, op);
  } else {
    channel_broadcast_kernel<T, long long, Op><<<grid_for(n), 256, 0, stream()>>>(y, a, b, n, hw, c, mode, op);
  }
}

struct AddOp {
  template <class T>
  __device__ T operator()(T u, T v) const { return u + v; }
};

struct MulOp {
  template <class T>
  __device__ T operator()(T u, T v) const { return u * v; }
};

}  // namespace mssar::cuda
