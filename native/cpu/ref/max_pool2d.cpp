// Reference max_pool2d, float64: every window scanned cell by cell.
#include "../../ops/max_pool2d.h"

#include <cmath>
#include <limits>

namespace mssar::ref {

void max_pool2d_forward(Tensor& y, Tensor& indices, const Tensor& x, const Pool2dParams& p) {
  const int64_t planes = x.size(0) * x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OH = y.size(2), OW = y.size(3);
  for (int64_t q = 0; q < planes; ++q) {
    const double* in = x.data<double>() + q * H * W;
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        // Padding is -inf: only cells inside the input compete.
        double best = -std::numeric_limits<double>::infinity();
        int64_t arg = -1;
        for (int64_t kh = 0; kh < p.kh; ++kh)
          for (int64_t kw = 0; kw < p.kw; ++kw) {
            const int64_t h = oh * p.sh - p.ph + kh, w = ow * p.sw - p.pw + kw;
            if (h < 0 || h >= H || w < 0 || w >= W) continue;
            const double v = in[h * W + w];
            if (arg < 0 || v > best || std::isnan(v)) {
              best = v;
              arg = h * W + w;
            }
          }
        const int64_t o = (q * OH + oh) * OW + ow;
        y.data<double>()[o] = best;
        indices.data<int32_t>()[o] = int32_t(arg);
      }
  }
}

int64_t max_pool2d_backward(Tensor& dx, const Tensor& dy, const Tensor& indices) {
  const int64_t planes = dx.size(0) * dx.size(1), HW = dx.size(2) * dx.size(3);
  const int64_t OHW = dy.size(2) * dy.size(3);
  double* d = dx.data<double>();
  for (int64_t i = 0; i < dx.numel(); ++i) d[i] = 0;
  for (int64_t q = 0; q < planes; ++q)
    for (int64_t o = 0; o < OHW; ++o) {
      const int64_t idx = indices.data<int32_t>()[q * OHW + o];
      if (idx < 0 || idx >= HW) return idx;
      d[q * HW + idx] += dy.data<double>()[q * OHW + o];
    }
  return -1;
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(max_pool2d_forward, Reference, ref::max_pool2d_forward)
MSSAR_REGISTER_KERNEL(max_pool2d_backward, Reference, ref::max_pool2d_backward)
}  // namespace mssar
