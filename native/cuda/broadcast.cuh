// The elementwise launch of add and mul on CUDA: b of a's shape, or one b value per [H, W] plane
// (channel broadcast). 32-bit index arithmetic when the tensor allows it. The per-element
// program and AddOp, MulOp are in channel_elements.cuh.
#pragma once
#include <cstdint>

#include "../ops/channel_broadcast.h"
#include "channel_elements.cuh"
#include "context.h"

namespace mssar::cuda {

template <class T, class I, class Op>
__global__ void channel_broadcast_kernel(T* y, const T* a, const T* b, I n, I hw, I c, int mode, Op op) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += I(gridDim.x) * blockDim.x)
    channel_broadcast_element(y, a, b, hw, c, mode, op, i);
}

template <class T, class Op>
void launch_channel_broadcast(T* y, const T* a, const T* b, long long n, const ChannelBroadcast& bc, Op op) {
  if (n == 0) return;
  const ChannelProgram pr = channel_program(bc);
  const int mode = pr.mode;
  const long long hw = pr.hw, c = pr.c;
  if (n <= 0x7fffffffLL) {
    channel_broadcast_kernel<T, unsigned, Op><<<grid_for(n), 256, 0, stream()>>>(y, a, b, unsigned(n), unsigned(hw),
                                                                                  unsigned(c), mode, op);
  } else {
    channel_broadcast_kernel<T, long long, Op><<<grid_for(n), 256, 0, stream()>>>(y, a, b, n, hw, c, mode, op);
  }
}

}  // namespace mssar::cuda
