// mul on the CPU. Backward of a channel broadcast: one pass over the [H, W] planes writes da and the
// plane's dot product dy . a (pairwise, double); the dots are then added over the batch for a
// [1, C, 1, 1] b, in order. In a blocked or channels-last a, one pass over each chunk writes da
// and the per-lane dot products (double).
#include "../ops/mul.h"

#include <algorithm>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "broadcast_loop.h"
#include "reduce_util.h"
#include "lane_count.h"

namespace mssar::cpu {

void mul_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const ChannelBroadcast bc = check_channel_broadcast("mul", a, b);
  dispatch_float(a.dtype(), "mul", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    channel_broadcast_apply(y.data<scalar_t>(), a.data<scalar_t>(), b.data<scalar_t>(),
                            bc.same ? LaneView() : lane_view(a), physical_numel(a.shape(), a.layout()), bc,
                            [](scalar_t u, scalar_t v) { return u * v; });
  });
}

void mul_backward(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b) {
  const ChannelBroadcast bc = check_channel_broadcast("mul backward", a, b);
  dispatch_float(a.dtype(), "mul backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    const scalar_t* x = a.data<scalar_t>();
    const scalar_t* s = b.data<scalar_t>();
    scalar_t* gx = da.defined() ? da.data<scalar_t>() : nullptr;
    scalar_t* gs = db.defined() ? db.data<scalar_t>() : nullptr;
    if (bc.same) {
      parallel_for(physical_numel(a.shape(), a.layout()), 1 << 15, [&](int64_t lo, int64_t hi) {
        if (gx) {
#pragma omp simd
          for (int64_t i = lo; i < hi; ++i) gx[i] = g[i] * s[i];
        }
        if (gs) {
#pragma omp simd
          for (int64_t i = lo; i < hi; ++i) gs[i] = g[i] * x[i];
        }
      });
      return;
    }
    const int64_t hw = bc.hw, planes = bc.n * bc.c;
    std::vector<double> dots(gs ? size_t(planes) : 0);
    const LaneView v = lane_view(a);
    if (v.B > 1) {
      const int64_t chunk = v.HW * v.B;
      parallel_for(v.N * v.CB, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(chunk, 1)), [&](int64_t lo, int64_t hi) {
        with_lane_count(v.B, [&](auto lb) {
          constexpr int LB = decltype(lb)::value;
          const int64_t B = LB > 0 ? LB : v.B;
          std::vector<scalar_t> sv(static_cast<size_t>(B));
          std::vector<double> dynamic_acc(LB > 0 ? 0 : static_cast<size_t>(B));
          for (int64_t q = lo; q < hi; ++q) {
            const int64_t n = q / v.CB, cb = q % v.CB;
            chunk_scales(sv.data(), s, bc, v, n, cb);
            const scalar_t* scale = sv.data();
            // The per-lane dot products in a local array of the compile-time width stay in
            // registers (through a pointer they would be stored and reloaded every pixel).
            double fixed_acc[LB > 0 ? LB : 1] = {};
            double* dot = LB > 0 ? fixed_acc : dynamic_acc.data();
            if (LB == 0) std::fill(dynamic_acc.begin(), dynamic_acc.end(), 0.0);
            for (int64_t i = 0; i < v.HW; ++i) {
              const int64_t o = q * chunk + i * B;
              if (gx) {
#pragma omp simd
                for (int64_t l = 0; l < B; ++l) gx[o + l] = g[o + l] * scale[l];
              }
              if (gs) {
                if constexpr (LB > 0) {
#pragma omp simd
                  for (int l = 0; l < LB; ++l) fixed_acc[l] += double(g[o + l]) * double(x[o + l]);
                } else {
#pragma omp simd
                  for (int64_t l = 0; l < B; ++l) dot[l] += double(g[o + l]) * double(x[o + l]);
                }
              }
            }
            if (gs)
              for (int64_t l = 0; l < v.lanes(cb); ++l) dots[size_t(n * v.C + cb * B + l)] = dot[l];
          }
        });
      });
    } else {
      parallel_for(planes, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(hw, 1)), [&](int64_t lo, int64_t hi) {
        for (int64_t p = lo; p < hi; ++p) {
          const int64_t base = p * hw;
          if (gx) {
            const scalar_t scale = s[bc.per_sample ? p : p % bc.c];
#pragma omp simd
            for (int64_t i = 0; i < hw; ++i) gx[base + i] = g[base + i] * scale;
          }
          if (gs) dots[size_t(p)] = pairwise_dot(g + base, x + base, hw);
        }
      });
    }
    if (!gs) return;
    if (bc.per_sample) {
      for (int64_t p = 0; p < planes; ++p) gs[p] = scalar_t(dots[size_t(p)]);
    } else {
      for (int64_t c = 0; c < bc.c; ++c) {
        double t = 0;
        for (int64_t n = 0; n < bc.n; ++n) t += dots[size_t(n * bc.c + c)];
        gs[c] = scalar_t(t);
      }
    }
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(mul_forward, CPU, cpu::mul_forward)
MSSAR_REGISTER_KERNEL(mul_backward, CPU, cpu::mul_backward)
}  // namespace mssar
