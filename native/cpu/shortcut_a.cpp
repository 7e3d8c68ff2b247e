// shortcut_a on the CPU, any layout through the lane views of x and y (the same layout): for every
// chunk (n, cb) of y, each output pixel gathers its B lanes from the input pixel, channel c of y
// from channel c - P of x (P zero channels before x's, ops/shortcut_a.h), zero outside x's
// channels. Plain tensors go a plane at a time.
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
  const int64_t P = shortcut_a_pad_before(C, vy.C);
  dispatch_float(x.dtype(), "shortcutA", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    if (vy.B == 1) {
      // Plain: one output plane per channel.
      parallel_for(vy.N * vy.C, std::max<int64_t>(1, 4096 / std::max<int64_t>(Ho * Wo, 1)), [&](int64_t lo, int64_t hi) {
        for (int64_t p = lo; p < hi; ++p) {
          const int64_t n = p / vy.C, c = p % vy.C;
          scalar_t* o = out + p * Ho * Wo;
          if (c < P || c >= P + C) {
            std::fill(o, o + Ho * Wo, scalar_t(0));
            continue;
          }
          const scalar_t* i0 = in + (n * C + c - P) * vx.HW;
          for (int64_t h = 0; h < Ho; ++h)
            for (int64_t w = 0; w < Wo; ++w) o[h * Wo + w] = i0[(h * stride) * W + w * stride];
        }
      });
      return;
    }
    // Blocked or channels-last: lane l of y's block cb is channel cb B + l, taken from x's
    // channel cb B + l - P, which sits in another block and lane of x when P is not a multiple of
    // the block (the shortcut is a small share of a network's time; a gather per lane is enough).
    const int64_t B = vy.B, Bx = vx.B;
    for_each_pixel(vy, W, Ho, Wo, stride, [&](int64_t n, int64_t cb, int64_t small, int64_t large) {
      scalar_t* o = out + vy.at(n, cb, small, 0);
      const scalar_t* i = in + vx.at(n, 0, large, 0);
      for (int64_t l = 0; l < B; ++l) {
        const int64_t c = cb * B + l - P;
        o[l] = c >= 0 && c < C ? i[vx.at(0, c / Bx, 0, c % Bx)] : scalar_t(0);
      }
    });
  });
}

void shortcut_a_backward(Tensor& dx, const Tensor& dy, int64_t stride) {
  const LaneView vx = lane_view(dx), vy = lane_view(dy);
  const int64_t W = dx.size(3), Ho = dy.size(2), Wo = dy.size(3), C = vx.C;
  const int64_t P = shortcut_a_pad_before(C, vy.C);
  dispatch_float(dy.dtype(), "shortcutA backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();  // zeroed by the op
    if (vy.B == 1) {
      parallel_for(vx.N * C, std::max<int64_t>(1, 4096 / std::max<int64_t>(Ho * Wo, 1)), [&](int64_t lo, int64_t hi) {
        for (int64_t p = lo; p < hi; ++p) {
          const int64_t n = p / C, c = p % C;
          const scalar_t* gi = g + (n * vy.C + c + P) * Ho * Wo;
          scalar_t* o = d + p * vx.HW;
          for (int64_t h = 0; h < Ho; ++h)
            for (int64_t w = 0; w < Wo; ++w) o[(h * stride) * W + w * stride] = gi[h * Wo + w];
        }
      });
      return;
    }
    const int64_t B = vx.B, By = vy.B;
    // Over dx's chunks: channel c of dx takes dy's channel c + P, wherever its block and lane are.
    for_each_pixel(vx, W, Ho, Wo, stride, [&](int64_t n, int64_t cb, int64_t small, int64_t large) {
      const int64_t lanes = vx.lanes(cb);
      const scalar_t* gi = g + vy.at(n, 0, small, 0);
      scalar_t* o = d + vx.at(n, cb, large, 0);
      for (int64_t l = 0; l < B; ++l) {
        const int64_t c = cb * B + l + P;
        o[l] = l < lanes ? gi[vy.at(0, c / By, 0, c % By)] : scalar_t(0);
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(shortcut_a_forward, CPU, cpu::shortcut_a_forward)
MSSAR_REGISTER_KERNEL(shortcut_a_backward, CPU, cpu::shortcut_a_backward)
}  // namespace mssar
