// avg_pool2d on the CPU, NCHW: our own OpenMP kernels, with the two paths of max_pool2d.cpp:
// small planes kLanes at a time, interleaved (plane_lanes.h), large planes one output row per
// window cell. The divisors depend only on (oh, ow) and are computed once per call.
#include "../ops/avg_pool2d.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "plane_lanes.h"

namespace mssar::cpu {

namespace {

int64_t grain_for(int64_t work_per_unit) {
  return std::max<int64_t>(1, (int64_t(1) << 15) / std::max<int64_t>(1, work_per_unit));
}

// PyTorch's divisor of every output cell (ops/avg_pool2d.h), [OH * OW].
template <class T>
std::vector<T> divisors(int64_t H, int64_t W, int64_t OH, int64_t OW, const Pool2dParams& p) {
  std::vector<T> out(size_t(OH * OW));
  for (int64_t oh = 0; oh < OH; ++oh) {
    const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
    for (int64_t ow = 0; ow < OW; ++ow) {
      const PoolSpan ws = pool_span(ow, W, p.kw, p.sw, p.pw);
      out[size_t(oh * OW + ow)] =
          T(p.count_include_pad ? hs.padded_len * ws.padded_len : (hs.end - hs.start) * (ws.end - ws.start));
    }
  }
  return out;
}

std::vector<PoolRange> column_ranges(int64_t W, int64_t OW, const Pool2dParams& p) {
  std::vector<PoolRange> cols(size_t(p.kw));
  for (int64_t kw = 0; kw < p.kw; ++kw) cols[size_t(kw)] = pool_range(kw, W, OW, p.sw, p.pw);
  return cols;
}

template <class T>
void forward_lanes(T* out, const T* in, const T* div, int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW,
                   const Pool2dParams& p) {
  const int64_t HW = H * W, OHW = OH * OW;
  const int64_t blocks = (planes + kLanes - 1) / kLanes;
  parallel_for(blocks, grain_for(kLanes * OHW * p.kh * p.kw), [&](int64_t b, int64_t e) {
    std::vector<T> t(size_t(HW * kLanes)), ty(size_t(OHW * kLanes));
    for (int64_t blk = b; blk < e; ++blk) {
      const int64_t q0 = blk * kLanes, lanes = std::min(kLanes, planes - q0);
      planes_to_lanes(t.data(), in + q0 * HW, HW, lanes);
      for (int64_t oh = 0; oh < OH; ++oh) {
        const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
        for (int64_t ow = 0; ow < OW; ++ow) {
          const PoolSpan ws = pool_span(ow, W, p.kw, p.sw, p.pw);
          T* sum = ty.data() + (oh * OW + ow) * kLanes;
          for (int64_t l = 0; l < kLanes; ++l) sum[l] = T(0);
          for (int64_t h = hs.start; h < hs.end; ++h)
            for (int64_t w = ws.start; w < ws.end; ++w) {
              const T* v = t.data() + (h * W + w) * kLanes;
#pragma omp simd
              for (int64_t l = 0; l < kLanes; ++l) sum[l] += v[l];
            }
          const T d = div[oh * OW + ow];
#pragma omp simd
          for (int64_t l = 0; l < kLanes; ++l) sum[l] /= d;
        }
      }
      lanes_to_planes(out + q0 * OHW, ty.data(), OHW, lanes);
    }
  });
}

template <class T>
void forward_rows(T* out, const T* in, const T* div, int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW,
                  const Pool2dParams& p) {
  const std::vector<PoolRange> cols = column_ranges(W, OW, p);
  parallel_for(planes, grain_for(OH * OW * p.kh * p.kw), [&](int64_t b, int64_t e) {
    for (int64_t q = b; q < e; ++q) {
      const T* xp = in + q * H * W;
      for (int64_t oh = 0; oh < OH; ++oh) {
        const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
        T* sum = out + (q * OH + oh) * OW;
        std::fill(sum, sum + OW, T(0));
        for (int64_t h = hs.start; h < hs.end; ++h) {
          const T* xr = xp + h * W;
          for (int64_t kw = 0; kw < p.kw; ++kw) {
            const PoolRange r = cols[size_t(kw)];
            const int64_t off = kw - p.pw, sw = p.sw;
#pragma omp simd
            for (int64_t ow = r.lo; ow < r.hi; ++ow) sum[ow] += xr[ow * sw + off];
          }
        }
        const T* d = div + oh * OW;
#pragma omp simd
        for (int64_t ow = 0; ow < OW; ++ow) sum[ow] /= d[ow];
      }
    }
  });
}

template <class T>
void backward_lanes(T* dx, const T* dy, const T* div, int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW,
                    const Pool2dParams& p) {
  const int64_t HW = H * W, OHW = OH * OW;
  const int64_t blocks = (planes + kLanes - 1) / kLanes;
  parallel_for(blocks, grain_for(kLanes * (HW + OHW * p.kh * p.kw)), [&](int64_t b, int64_t e) {
    std::vector<T> tg(size_t(OHW * kLanes)), td(size_t(HW * kLanes));
    for (int64_t blk = b; blk < e; ++blk) {
      const int64_t q0 = blk * kLanes, lanes = std::min(kLanes, planes - q0);
      planes_to_lanes(tg.data(), dy + q0 * OHW, OHW, lanes);
      std::fill(td.begin(), td.end(), T(0));
      for (int64_t oh = 0; oh < OH; ++oh) {
        const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
        for (int64_t ow = 0; ow < OW; ++ow) {
          const PoolSpan ws = pool_span(ow, W, p.kw, p.sw, p.pw);
          T* share = tg.data() + (oh * OW + ow) * kLanes;
          const T d = div[oh * OW + ow];
#pragma omp simd
          for (int64_t l = 0; l < kLanes; ++l) share[l] /= d;
          for (int64_t h = hs.start; h < hs.end; ++h)
            for (int64_t w = ws.start; w < ws.end; ++w) {
              T* acc = td.data() + (h * W + w) * kLanes;
#pragma omp simd
              for (int64_t l = 0; l < kLanes; ++l) acc[l] += share[l];
            }
        }
      }
      lanes_to_planes(dx + q0 * HW, td.data(), HW, lanes);
    }
  });
}

template <class T>
void backward_rows(T* dx, const T* dy, const T* div, int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW,
                   const Pool2dParams& p) {
  const std::vector<PoolRange> cols = column_ranges(W, OW, p);
  // Each plane belongs to one thread: its windows scatter into it without atomics. Within one
  // sweep over ow the cells ow * sw + off are distinct, so the vectorized adds never collide.
  parallel_for(planes, grain_for(H * W + OH * OW * p.kh * p.kw), [&](int64_t b, int64_t e) {
    std::vector<T> row(static_cast<size_t>(OW));
    for (int64_t q = b; q < e; ++q) {
      T* dp = dx + q * H * W;
      std::memset(static_cast<void*>(dp), 0, size_t(H * W) * sizeof(T));
      for (int64_t oh = 0; oh < OH; ++oh) {
        const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
        const T* gr = dy + (q * OH + oh) * OW;
        const T* dv = div + oh * OW;
        T* share = row.data();
#pragma omp simd
        for (int64_t ow = 0; ow < OW; ++ow) share[ow] = gr[ow] / dv[ow];
        for (int64_t h = hs.start; h < hs.end; ++h) {
          T* dr = dp + h * W;
          for (int64_t kw = 0; kw < p.kw; ++kw) {
            const PoolRange r = cols[size_t(kw)];
            const int64_t off = kw - p.pw, sw = p.sw;
#pragma omp simd
            for (int64_t ow = r.lo; ow < r.hi; ++ow) dr[ow * sw + off] += share[ow];
          }
        }
      }
    }
  });
}

}  // namespace

void avg_pool2d_forward(Tensor& y, const Tensor& x, const Pool2dParams& p) {
  const int64_t planes = x.size(0) * x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OH = y.size(2), OW = y.size(3);
  dispatch_float(x.dtype(), "avgPool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const std::vector<scalar_t> div = divisors<scalar_t>(H, W, OH, OW, p);
    if (H * W <= kLanePlaneLimit)
      forward_lanes(y.data<scalar_t>(), x.data<scalar_t>(), div.data(), planes, H, W, OH, OW, p);
    else
      forward_rows(y.data<scalar_t>(), x.data<scalar_t>(), div.data(), planes, H, W, OH, OW, p);
  });
}

void avg_pool2d_backward(Tensor& dx, const Tensor& dy, const Pool2dParams& p) {
  const int64_t planes = dx.size(0) * dx.size(1), H = dx.size(2), W = dx.size(3);
  const int64_t OH = dy.size(2), OW = dy.size(3);
  dispatch_float(dy.dtype(), "avgPool2d backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const std::vector<scalar_t> div = divisors<scalar_t>(H, W, OH, OW, p);
    if (H * W <= kLanePlaneLimit)
      backward_lanes(dx.data<scalar_t>(), dy.data<scalar_t>(), div.data(), planes, H, W, OH, OW, p);
    else
      backward_rows(dx.data<scalar_t>(), dy.data<scalar_t>(), div.data(), planes, H, W, OH, OW, p);
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(avg_pool2d_forward, CPU, cpu::avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(avg_pool2d_backward, CPU, cpu::avg_pool2d_backward)
}  // namespace mssar
