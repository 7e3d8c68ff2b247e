// The per-element programs of the CUDA pooling kernels (avg_pool2d.cu, max_pool2d.cu), host and
// device code: the kernels run them one thread per element, and the host emulation test
// (test/native/cuda_kernels_emulation.cpp) runs them on every element against the CPU kernels.
// NCHW; I is the index type (32-bit when every offset of the call fits).
#pragma once
#include <math.h>
#include <stdint.h>

#include "../ops/pool2d.h"

#ifdef __CUDACC__
#define MSSAR_POOL_HD __host__ __device__ __forceinline__
#else
#define MSSAR_POOL_HD inline
#endif

namespace mssar::cuda::pool {

struct Window {
  int kh, kw, sh, sw, ph, pw;
  bool count_include_pad;  // avg_pool2d only
};

inline Window window_of(const Pool2dParams& p) {
  return Window{int(p.kh), int(p.kw), int(p.sh), int(p.sw), int(p.ph), int(p.pw), p.count_include_pad};
}

// PyTorch's divisor (ops/avg_pool2d.h).
MSSAR_POOL_HD long long avg_divisor(const PoolSpan& hs, const PoolSpan& ws, bool count_include_pad) {
  return count_include_pad ? hs.padded_len * ws.padded_len : (hs.end - hs.start) * (ws.end - ws.start);
}

// The windows [first, last) along one axis whose span covers input cell h:
// o * s - pad <= h < o * s - pad + k, clipped to [0, out).
MSSAR_POOL_HD void covering(long long h, long long k, long long s, long long pad, long long out, long long& first,
                            long long& last) {
  first = h + pad < k ? 0 : (h + pad - k) / s + 1;
  last = (h + pad) / s + 1;
  if (last > out) last = out;
}

// y[o] for output cell o of [N, C, OH, OW].
template <class T, class I>
MSSAR_POOL_HD void avg_forward_element(T* y, const T* x, I o, I H, I W, I OH, I OW, const Window& p) {
  const I ow = o % OW, t = o / OW, oh = t % OH, q = t / OH;
  const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph), ws = pool_span(ow, W, p.kw, p.sw, p.pw);
  const T* xp = x + q * H * W;
  T sum = 0;
  for (I h = I(hs.start); h < I(hs.end); ++h)
    for (I w = I(ws.start); w < I(ws.end); ++w) sum += xp[h * W + w];
  y[o] = sum / T(avg_divisor(hs, ws, p.count_include_pad));
}

// dx[i] for input cell i of [N, C, H, W]: the windows covering it, each dy over its divisor.
template <class T, class I>
MSSAR_POOL_HD void avg_backward_element(T* dx, const T* dy, I i, I H, I W, I OH, I OW, const Window& p) {
  const I w = i % W, t = i / W, h = t % H, q = t / H;
  long long oh0, oh1, ow0, ow1;
  covering(h, p.kh, p.sh, p.ph, OH, oh0, oh1);
  covering(w, p.kw, p.sw, p.pw, OW, ow0, ow1);
  const T* gp = dy + q * OH * OW;
  T sum = 0;
  for (long long oh = oh0; oh < oh1; ++oh) {
    const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph);
    for (long long ow = ow0; ow < ow1; ++ow) {
      const PoolSpan ws = pool_span(ow, W, p.kw, p.sw, p.pw);
      sum += gp[oh * OW + ow] / T(avg_divisor(hs, ws, p.count_include_pad));
    }
  }
  dx[i] = sum;
}

// y[o] and the plane index of its maximum; padded cells are skipped (the same as padding with
// -inf). The first of equal maxima wins; NaN wins over numbers (the last NaN's index), as on the CPU.
template <class T, class I>
MSSAR_POOL_HD void max_forward_element(T* y, int32_t* indices, const T* x, I o, I H, I W, I OH, I OW,
                                       const Window& p) {
  const I ow = o % OW, t = o / OW, oh = t % OH, q = t / OH;
  const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph), ws = pool_span(ow, W, p.kw, p.sw, p.pw);
  const T* xp = x + q * H * W;
  T best = T(-INFINITY);
  I arg = I(hs.start) * W + I(ws.start);
  for (I h = I(hs.start); h < I(hs.end); ++h)
    for (I w = I(ws.start); w < I(ws.end); ++w) {
      const T v = xp[h * W + w];
      if (v > best || v != v) best = v, arg = h * W + w;
    }
  y[o] = best;
  indices[o] = int32_t(arg);
}

}  // namespace mssar::cuda::pool
