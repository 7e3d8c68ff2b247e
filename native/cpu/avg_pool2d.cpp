// avg_pool2d on the CPU, NCHW: our own OpenMP kernels, parallel over (n, c) planes.
#include "../ops/avg_pool2d.h"

#include <algorithm>
#include <cstring>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

namespace {
int64_t plane_grain(int64_t work_per_plane) {
  return std::max<int64_t>(1, (int64_t(1) << 15) / std::max<int64_t>(1, work_per_plane));
}
// PyTorch's divisor (ops/avg_pool2d.h).
int64_t divisor(const PoolSpan& hs, const PoolSpan& ws, bool count_include_pad) {
  return count_include_pad ? hs.padded_len * ws.padded_len : (hs.end - hs.start) * (ws.end - ws.start);
}
}  // namespace

void avg_pool2d_forward(Tensor& y, const Tensor& x, const Pool2dParams& p) {
  const int64_t planes = x.size(0) * x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OH = y.size(2), OW = y.size(3);
  dispatch_float(x.dtype(), "avg_pool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    parallel_for(planes, plane_grain(OH * OW * p.kh * p.kw), [&](int64_t b, int64_t e) {
      for (int64_t q = b; q < e; ++q) {
        const scalar_t* xp = in + q * H * W;
        scalar_t* yp = out + q * OH * OW;
        for (int64_t oh = 0; oh < OH; ++oh) {
          const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
          for (int64_t ow = 0; ow < OW; ++ow) {
            const PoolSpan ws = pool_span(ow, W, p.kw, p.sw, p.pw);
            scalar_t sum = 0;
            for (int64_t h = hs.start; h < hs.end; ++h)
              for (int64_t w = ws.start; w < ws.end; ++w) sum += xp[h * W + w];
            yp[oh * OW + ow] = sum / scalar_t(divisor(hs, ws, p.count_include_pad));
          }
        }
      }
    });
  });
}

void avg_pool2d_backward(Tensor& dx, const Tensor& dy, const Pool2dParams& p) {
  const int64_t planes = dx.size(0) * dx.size(1), H = dx.size(2), W = dx.size(3);
  const int64_t OH = dy.size(2), OW = dy.size(3);
  dispatch_float(dy.dtype(), "avg_pool2d_backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    // Each plane belongs to one thread: its windows scatter into it without atomics.
    parallel_for(planes, plane_grain(H * W + OH * OW * p.kh * p.kw), [&](int64_t b, int64_t e) {
      for (int64_t q = b; q < e; ++q) {
        scalar_t* dp = d + q * H * W;
        std::memset(static_cast<void*>(dp), 0, size_t(H * W) * sizeof(scalar_t));
        const scalar_t* gp = g + q * OH * OW;
        for (int64_t oh = 0; oh < OH; ++oh) {
          const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
          for (int64_t ow = 0; ow < OW; ++ow) {
            const PoolSpan ws = pool_span(ow, W, p.kw, p.sw, p.pw);
            const scalar_t v = gp[oh * OW + ow] / scalar_t(divisor(hs, ws, p.count_include_pad));
            for (int64_t h = hs.start; h < hs.end; ++h)
              for (int64_t w = ws.start; w < ws.end; ++w) dp[h * W + w] += v;
          }
        }
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(avg_pool2d_forward, CPU, cpu::avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(avg_pool2d_backward, CPU, cpu::avg_pool2d_backward)
}  // namespace mssar
