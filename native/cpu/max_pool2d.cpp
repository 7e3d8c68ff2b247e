// max_pool2d on the CPU, NCHW: our own OpenMP kernels, parallel over (n, c) planes. Indices must
// refer to the input plane (h * W + w), which oneDNN's pooling workspace does not hold, so oneDNN
// is not used here.
#include "../ops/max_pool2d.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

namespace {
// Planes per thread chunk are chosen so that tiny inputs run inline.
int64_t plane_grain(int64_t work_per_plane) { return std::max<int64_t>(1, (int64_t(1) << 15) / std::max<int64_t>(1, work_per_plane)); }
}  // namespace

void max_pool2d_forward(Tensor& y, Tensor& indices, const Tensor& x, const Pool2dParams& p) {
  const int64_t planes = x.size(0) * x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OH = y.size(2), OW = y.size(3);
  dispatch_float(x.dtype(), "max_pool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    int32_t* idx = indices.data<int32_t>();
    parallel_for(planes, plane_grain(OH * OW * p.kh * p.kw), [&](int64_t b, int64_t e) {
      for (int64_t q = b; q < e; ++q) {
        const scalar_t* xp = in + q * H * W;
        scalar_t* yp = out + q * OH * OW;
        int32_t* ip = idx + q * OH * OW;
        for (int64_t oh = 0; oh < OH; ++oh) {
          const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
          for (int64_t ow = 0; ow < OW; ++ow) {
            const PoolSpan ws = pool_span(ow, W, p.kw, p.sw, p.pw);
            // The window is never empty (padding <= kernel / 2 and the ceil-mode rule); padded
            // cells are skipped, which is the same as padding with -inf.
            scalar_t best = -std::numeric_limits<scalar_t>::infinity();
            int64_t arg = hs.start * W + ws.start;
            for (int64_t h = hs.start; h < hs.end; ++h)
              for (int64_t w = ws.start; w < ws.end; ++w) {
                const scalar_t v = xp[h * W + w];
                if (v > best || std::isnan(v)) {
                  best = v;
                  arg = h * W + w;
                }
              }
            yp[oh * OW + ow] = best;
            ip[oh * OW + ow] = int32_t(arg);
          }
        }
      }
    });
  });
}

int64_t max_pool2d_backward(Tensor& dx, const Tensor& dy, const Tensor& indices) {
  const int64_t planes = dx.size(0) * dx.size(1), HW = dx.size(2) * dx.size(3);
  const int64_t OHW = dy.size(2) * dy.size(3);
  std::atomic<int64_t> bad{-1};
  dispatch_float(dy.dtype(), "max_pool2d_backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    const int32_t* idx = indices.data<int32_t>();
    scalar_t* d = dx.data<scalar_t>();
    // Each plane belongs to one thread, so the scatter needs no atomics.
    parallel_for(planes, plane_grain(HW + OHW), [&](int64_t b, int64_t e) {
      for (int64_t q = b; q < e; ++q) {
        scalar_t* dp = d + q * HW;
        std::memset(static_cast<void*>(dp), 0, size_t(HW) * sizeof(scalar_t));
        const scalar_t* gp = g + q * OHW;
        const int32_t* ip = idx + q * OHW;
        for (int64_t o = 0; o < OHW; ++o) {
          const int64_t i = ip[o];
          if (i < 0 || i >= HW) {
            bad.store(i, std::memory_order_relaxed);
            continue;
          }
          dp[i] += gp[o];
        }
      }
    });
  });
  return bad.load();
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(max_pool2d_forward, CPU, cpu::max_pool2d_forward)
MSSAR_REGISTER_KERNEL(max_pool2d_backward, CPU, cpu::max_pool2d_backward)
}  // namespace mssar
