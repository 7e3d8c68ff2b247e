// avg_pool2d on CUDA, NCHW: one thread per output cell (forward) and one per input cell (backward,
// gathering from the windows that cover it: no atomics, reproducible sums).
#include <algorithm>
#include <cstdint>

#include "../core/dtype_dispatch.h"
#include "../ops/avg_pool2d.h"
#include "context.h"
#include "index_type.h"

namespace mssar::cuda {

namespace {

struct Window {
  int kh, kw, sh, sw, ph, pw;
  bool count_include_pad;
};

// PyTorch's divisor (ops/avg_pool2d.h).
__device__ __forceinline__ long long divisor(const PoolSpan& hs, const PoolSpan& ws, bool count_include_pad) {
  return count_include_pad ? hs.padded_len * ws.padded_len : (hs.end - hs.start) * (ws.end - ws.start);
}

template <class T, class I>
__global__ void avg_pool_forward_kernel(T* y, const T* x, I total, I H, I W, I OH, I OW, Window p) {
  for (I o = I(blockIdx.x) * blockDim.x + threadIdx.x; o < total; o += I(gridDim.x) * blockDim.x) {
    const I ow = o % OW, t = o / OW, oh = t % OH, q = t / OH;
    const PoolSpan hs = pool_span(oh, H, p.kh, p.sh, p.ph), ws = pool_span(ow, W, p.kw, p.sw, p.pw);
    const T* xp = x + q * H * W;
    T sum = 0;
    for (I h = I(hs.start); h < I(hs.end); ++h)
      for (I w = I(ws.start); w < I(ws.end); ++w) sum += xp[h * W + w];
    y[o] = sum / T(divisor(hs, ws, p.count_include_pad));
  }
}

// Input cell h is covered by the windows oh with oh * s - pad <= h < oh * s - pad + k.
__device__ __forceinline__ void covering(long long h, long long k, long long s, long long pad, long long out,
                                         long long& first, long long& last) {
  first = h + pad < k ? 0 : (h + pad - k) / s + 1;
  last = min((h + pad) / s + 1, out);
}

template <class T, class I>
__global__ void avg_pool_backward_kernel(T* dx, const T* dy, I total, I H, I W, I OH, I OW, Window p) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += I(gridDim.x) * blockDim.x) {
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
        sum += gp[oh * OW + ow] / T(divisor(hs, ws, p.count_include_pad));
      }
    }
    dx[i] = sum;
  }
}

Window window(const Pool2dParams& p) {
  return Window{int(p.kh), int(p.kw), int(p.sh), int(p.sw), int(p.ph), int(p.pw), p.count_include_pad};
}

}  // namespace

void avg_pool2d_forward(Tensor& y, const Tensor& x, const Pool2dParams& p) {
  const long long total = y.numel();
  if (total == 0) return;
  dispatch_float(x.dtype(), "avg_pool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(std::max<long long>(total, x.numel()), [&](auto itag_) {
      using index_t = decltype(itag_);
      avg_pool_forward_kernel<scalar_t, index_t><<<grid_for(total), 256, 0, stream()>>>(
          y.data<scalar_t>(), x.data<scalar_t>(), index_t(total), index_t(x.size(2)), index_t(x.size(3)),
          index_t(y.size(2)), index_t(y.size(3)), window(p));
    });
  });
  MSSAR_CUDA_LAUNCHED("avg_pool2d");
}

void avg_pool2d_backward(Tensor& dx, const Tensor& dy, const Pool2dParams& p) {
  const long long total = dx.numel();
  if (total == 0) return;
  dispatch_float(dy.dtype(), "avg_pool2d_backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(std::max<long long>(total, dy.numel()), [&](auto itag_) {
      using index_t = decltype(itag_);
      avg_pool_backward_kernel<scalar_t, index_t><<<grid_for(total), 256, 0, stream()>>>(
          dx.data<scalar_t>(), dy.data<scalar_t>(), index_t(total), index_t(dx.size(2)), index_t(dx.size(3)),
          index_t(dy.size(2)), index_t(dy.size(3)), window(p));
    });
  });
  MSSAR_CUDA_LAUNCHED("avg_pool2d_backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(avg_pool2d_forward, CUDA, cuda::avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(avg_pool2d_backward, CUDA, cuda::avg_pool2d_backward)
}  // namespace mssar
