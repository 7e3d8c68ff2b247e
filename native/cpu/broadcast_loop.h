// The elementwise loop of add and mul on the CPU, for b of a's shape (over the physical buffer, so
// any layout works; b is in a's layout) or a channel broadcast (b plain [N or 1, C, 1, 1], a read
// through its lane view: one b value per plane when plain, one vector of B channel values per
// chunk otherwise; padding lanes get op(0, 0), zero for add and mul).
#pragma once
#include <algorithm>
#include <vector>

#include "../core/lane_view.h"
#include "../core/parallel.h"
#include "../ops/channel_broadcast.h"

namespace mssar::cpu {

// The B values of b for chunk (n, cb) into `out`, zero past the last channel.
template <class T>
inline void chunk_scales(T* out, const T* b, const ChannelBroadcast& bc, const LaneView& v, int64_t n, int64_t cb) {
  const T* row = b + (bc.per_sample ? n * v.C : 0);
  for (int64_t l = 0; l < v.B; ++l) {
    const int64_t c = cb * v.B + l;
    out[l] = c < v.C ? row[c] : T(0);
  }
}

template <class T, class Op>
void channel_broadcast_apply(T* y, const T* a, const T* b, const LaneView& v, int64_t n_physical,
                             const ChannelBroadcast& bc, Op op) {
  constexpr int64_t kGrain = 1 << 15;
  if (bc.same) {
    parallel_for(n_physical, kGrain, [&](int64_t lo, int64_t hi) {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) y[i] = op(a[i], b[i]);
    });
    return;
  }
  if (v.B == 1) {
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
    return;
  }
  const int64_t chunk = v.HW * v.B, B = v.B;
  parallel_for(v.N * v.CB, std::max<int64_t>(1, kGrain / std::max<int64_t>(chunk, 1)), [&](int64_t lo, int64_t hi) {
    std::vector<T> s(static_cast<size_t>(B));
    for (int64_t q = lo; q < hi; ++q) {
      chunk_scales(s.data(), b, bc, v, q / v.CB, q % v.CB);
      const T* sv = s.data();
      for (int64_t i = 0; i < v.HW; ++i) {
        const int64_t o = q * chunk + i * B;
#pragma omp simd
        for (int64_t l = 0; l < B; ++l) y[o + l] = op(a[o + l], sv[l]);
      }
    }
  });
}

}  // namespace mssar::cpu
