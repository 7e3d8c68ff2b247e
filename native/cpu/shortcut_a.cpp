// shortcut_a on the CPU, any layout through the lane views of x and y (the same layout): for every
// chunk (n, cb) of y, each output pixel takes the B lanes of its input pixel, zero for the
// channels past x's (one SIMD vector per pixel when blocked, a row at a time when plain).
#include "../ops/shortcut_a.h"

#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../core/lane_view.h"
#include "../core/parallel.h"

namespace mssar::cpu {

namespace {

// Runs f(n, cb, small, large) over the chunks (n, cb) of the lane view `v` and every pixel of the
// subsampled grid: `small` its index in the Ho x Wo grid, `large` the index of the pixel it takes
// in the H x W grid (row h s, column w s). One OpenMP region.
template <class F>
void for_each_pixel(const LaneView& v, int64_t W, int64_t Ho, int64_t Wo, int64_t stride, const F& f) {
  const int64_t grain = std::max<int64_t>(1, 4096 / std::max<int64_t>(Ho * Wo * v.B, 1));
  parallel_for(v.N * v.CB, grain, [&](int64_t lo, int64_t hi) {
    for (int64_t q = lo; q < hi; ++q) {
      const int64_t n = q / v.CB, cb = q % v.CB;
      for (int64_t h = 0; h < Ho; ++h)
        for (int64_t w = 0; w < Wo; ++w) f(n, cb, h * Wo + w, (h * stride) * W + w * stride);
    }
  });
}

}  // namespace

void shortcut_a_forward(Tensor& y, const Tensor& x, int64_t stride) {
  const LaneView vx = lane_view(x), vy = lane_view(y);
  const int64_t W = x.size(3), Ho = y.size(2), Wo = y.size(3), C = vx.C;
  dispatch_float(x.dtype(), "shortcut_a", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    if (vy.B == 1) {
      // Plain: one output plane per channel.
      parallel_for(vy.N * vy.C, std::max<int64_t>(1, 4096 / std::max<int64_t>(Ho * Wo, 1)), [&](int64_t lo, int64_t hi) {
        for (int64_t p = lo; p < hi; ++p) {
          const int64_t n = p / vy.C, c = p % vy.C;
          scalar_t* o = out + p * Ho * Wo;
          if (c >= C) {
            std::fill(o, o + Ho * Wo, scalar_t(0));
            continue;
          }
          const scalar_t* i0 = in + (n * C + c) * vx.HW;
          for (int64_t h = 0; h < Ho; ++h)
            for (int64_t w = 0; w < Wo; ++w) o[h * Wo + w] = i0[(h * stride) * W + w * stride];
        }
      });
      return;
    }
    // Blocked or channels-last: x and y share the layout, so lane l of y's block cb is channel
    // cb B + l, which sits in x's block cb (or past x's channels) at the same lane.
    const int64_t B = vy.B;
    for_each_pixel(vy, W, Ho, Wo, stride, [&](int64_t n, int64_t cb, int64_t small, int64_t large) {
      scalar_t* o = out + vy.at(n, cb, small, 0);
      const int64_t lanes = std::max<int64_t>(0, std::min<int64_t>(B, C - cb * B));
      if (lanes == 0 || cb >= vx.CB) {
        std::fill(o, o + B, scalar_t(0));
        return;
      }
      const scalar_t* i = in + vx.at(n, cb, large, 0);
#pragma omp simd
      for (int64_t l = 0; l < B; ++l) o[l] = l < lanes ? i[l] : scalar_t(0);
    });
  });
}

void shortcut_a_backward(Tensor& dx, const Tensor& dy, int64_t stride) {
  const LaneView vx = lane_view(dx), vy = lane_view(dy);
  const int64_t W = dx.size(3), Ho = dy.size(2), Wo = dy.size(3), C = vx.C;
  dispatch_float(dy.dtype(), "shortcut_a_backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();  // zeroed by the op
    if (vy.B == 1) {
      parallel_for(vx.N * C, std::max<int64_t>(1, 4096 / std::max<int64_t>(Ho * Wo, 1)), [&](int64_t lo, int64_t hi) {
        for (int64_t p = lo; p < hi; ++p) {
          const int64_t n = p / C, c = p % C;
          const scalar_t* gi = g + (n * vy.C + c) * Ho * Wo;
          scalar_t* o = d + p * vx.HW;
          for (int64_t h = 0; h < Ho; ++h)
            for (int64_t w = 0; w < Wo; ++w) o[(h * stride) * W + w * stride] = gi[h * Wo + w];
        }
      });
      return;
    }
    const int64_t B = vx.B;
    // Over dx's chunks: each takes the lanes of its own channels from dy's block of the same index.
    for_each_pixel(vx, W, Ho, Wo, stride, [&](int64_t n, int64_t cb, int64_t small, int64_t large) {
      const int64_t lanes = std::min<int64_t>(B, C - cb * B);
      const scalar_t* gi = g + vy.at(n, cb, small, 0);
      scalar_t* o = d + vx.at(n, cb, large, 0);
#pragma omp simd
      for (int64_t l = 0; l < B; ++l) o[l] = l < lanes ? gi[l] : scalar_t(0);
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(shortcut_a_forward, CPU, cpu::shortcut_a_forward)
MSSAR_REGISTER_KERNEL(shortcut_a_backward, CPU, cpu::shortcut_a_backward)
}  // namespace mssar
