// max_pool2d on the CPU, NCHW: our own OpenMP kernels. Indices must refer to the input plane
// (h * W + w), which oneDNN's pooling workspace does not hold, so oneDNN is not used here.
//
// Forward, two paths with the same results:
//   small planes (<= 64 x 64): kLanes planes at a time, interleaved (plane_lanes.h), each window
//     cell updating kLanes running maxima with one vector operation;
//   large planes: one output row per window cell (h, kw), the inner loop over ow vectorized.
// Either way each output sees its cells in row-major order and updates without branches: the first
// of equal maxima wins, and NaN wins over numbers and stays.
#include "../ops/max_pool2d.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "plane_lanes.h"

namespace mssar::cpu {

namespace {

// Units (planes or plane blocks) per thread chunk are chosen so that tiny inputs run inline.
int64_t grain_for(int64_t work_per_unit) {
  return std::max<int64_t>(1, (int64_t(1) << 15) / std::max<int64_t>(1, work_per_unit));
}

template <class T>
void forward_lanes(T* out, int32_t* idx, const T* in, int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW,
                   const Pool2dParams& p) {
  const int64_t HW = H * W, OHW = OH * OW;
  const int64_t blocks = (planes + kLanes - 1) / kLanes;
  parallel_for(blocks, grain_for(kLanes * OHW * p.kh * p.kw), [&](int64_t b, int64_t e) {
    std::vector<T> t(size_t(HW * kLanes)), ty(size_t(OHW * kLanes));
    std::vector<int32_t> ti(size_t(OHW * kLanes));
    for (int64_t blk = b; blk < e; ++blk) {
      const int64_t q0 = blk * kLanes, lanes = std::min(kLanes, planes - q0);
      planes_to_lanes(t.data(), in + q0 * HW, HW, lanes);
      for (int64_t oh = 0; oh < OH; ++oh) {
        const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
        for (int64_t ow = 0; ow < OW; ++ow) {
          const PoolSpan ws = pool_span(ow, W, p.kw, p.sw, p.pw);
          T* best = ty.data() + (oh * OW + ow) * kLanes;
          int32_t* arg = ti.data() + (oh * OW + ow) * kLanes;
          // Padding is -inf: start from -inf at the window's first input cell (never empty, as
          // padding <= kernel / 2 and the ceil-mode rule keep a cell in every window).
          const int32_t first = int32_t(hs.start * W + ws.start);
          for (int64_t l = 0; l < kLanes; ++l) {
            best[l] = -std::numeric_limits<T>::infinity();
            arg[l] = first;
          }
          for (int64_t h = hs.start; h < hs.end; ++h)
            for (int64_t w = ws.start; w < ws.end; ++w) {
              const T* v = t.data() + (h * W + w) * kLanes;
              const int32_t cell = int32_t(h * W + w);
#pragma omp simd
              for (int64_t l = 0; l < kLanes; ++l) {
                const bool take = v[l] > best[l] || v[l] != v[l];
                best[l] = take ? v[l] : best[l];
                arg[l] = take ? cell : arg[l];
              }
            }
        }
      }
      lanes_to_planes(out + q0 * OHW, ty.data(), OHW, lanes);
      lanes_to_planes(idx + q0 * OHW, ti.data(), OHW, lanes);
    }
  });
}

template <class T>
void forward_rows(T* out, int32_t* idx, const T* in, int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW,
                  const Pool2dParams& p) {
  std::vector<PoolRange> cols(size_t(p.kw));
  for (int64_t kw = 0; kw < p.kw; ++kw) cols[size_t(kw)] = pool_range(kw, W, OW, p.sw, p.pw);
  parallel_for(planes, grain_for(OH * OW * p.kh * p.kw), [&](int64_t b, int64_t e) {
    for (int64_t q = b; q < e; ++q) {
      const T* xp = in + q * H * W;
      for (int64_t oh = 0; oh < OH; ++oh) {
        const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
        T* best = out + (q * OH + oh) * OW;
        int32_t* arg = idx + (q * OH + oh) * OW;
        for (int64_t ow = 0; ow < OW; ++ow) {
          best[ow] = -std::numeric_limits<T>::infinity();
          arg[ow] = int32_t(hs.start * W + pool_span(ow, W, p.kw, p.sw, p.pw).start);
        }
        for (int64_t h = hs.start; h < hs.end; ++h) {
          const T* xr = xp + h * W;
          for (int64_t kw = 0; kw < p.kw; ++kw) {
            const PoolRange r = cols[size_t(kw)];
            const int64_t off = kw - p.pw, sw = p.sw;
            const int32_t base = int32_t(h * W + off);
#pragma omp simd
            for (int64_t ow = r.lo; ow < r.hi; ++ow) {
              const T v = xr[ow * sw + off];
              const bool take = v > best[ow] || v != v;
              best[ow] = take ? v : best[ow];
              arg[ow] = take ? base + int32_t(ow * sw) : arg[ow];
            }
          }
        }
      }
    }
  });
}

}  // namespace

void max_pool2d_forward(Tensor& y, Tensor& indices, const Tensor& x, const Pool2dParams& p) {
  const int64_t planes = x.size(0) * x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OH = y.size(2), OW = y.size(3);
  dispatch_float(x.dtype(), "maxPool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    if (H * W <= kLanePlaneLimit)
      forward_lanes(y.data<scalar_t>(), indices.data<int32_t>(), x.data<scalar_t>(), planes, H, W, OH, OW, p);
    else
      forward_rows(y.data<scalar_t>(), indices.data<int32_t>(), x.data<scalar_t>(), planes, H, W, OH, OW, p);
  });
}

int64_t max_pool2d_backward(Tensor& dx, const Tensor& dy, const Tensor& indices) {
  const int64_t planes = dx.size(0) * dx.size(1), HW = dx.size(2) * dx.size(3);
  const int64_t OHW = dy.size(2) * dy.size(3);
  std::atomic<int64_t> bad{-1};
  dispatch_float(dy.dtype(), "maxPool2d backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    const int32_t* idx = indices.data<int32_t>();
    scalar_t* d = dx.data<scalar_t>();
    // Each plane belongs to one thread, so the scatter needs no atomics.
    parallel_for(planes, grain_for(HW + OHW), [&](int64_t b, int64_t e) {
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
