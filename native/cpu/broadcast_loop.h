// The elementwise loop of add and mul on the CPU, for b of a's shape (over the physical buffer, so
// any layout works) or a channel broadcast (one b value per [H, W] plane).
#pragma once
#include <algorithm>

#include "../core/parallel.h"
#include "../ops/channel_broadcast.h"

namespace mssar::cpu {

template <class T, class Op>
void channel_broadcast_apply(T* y, const T* a, const T* b, int64_t n_physical, const ChannelBroadcast& bc, Op op) {
  constexpr int64_t kGrain = 1 << 15;
  if (bc.same) {
    parallel_for(n_physical, kGrain, [&](int64_t lo, int64_t hi) {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) y[i] = op(a[i], b[i]);
    });
    return;
  }
  const int64_t hw = bc.hw;
  parallel_for(bc.n * bc.c * hw, kGrain, [&](int64_t lo, int64_t hi) {
    for (int64_t plane = lo / hw; plane * hw < hi; ++plane) {
      const T s = b[bc.per_sample ? plane : plane % bc.c];
      const int64_t base = plane * hw;
      const int64_t ib = std::max(lo, base), ie = std::min(hi, base + hw);
#pragma omp simd
      for (int64_t i = ib; i < ie; ++i) y[i] = op(a[i], s);
    }
  });
}

}  // namespace mssar::cpu
