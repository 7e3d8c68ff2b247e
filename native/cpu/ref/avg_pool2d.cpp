// Reference avg_pool2d, float64: every window scanned cell by cell, zero padding.
#include "../../ops/avg_pool2d.h"

#include <algorithm>

namespace mssar::ref {

namespace {
// PyTorch's divisor: the window clipped to the padded input (count_include_pad), or the number of
// its cells inside the input.
double divisor(int64_t oh, int64_t ow, int64_t H, int64_t W, const Pool2dParams& p) {
  const int64_t h0 = oh * p.sh - p.ph, w0 = ow * p.sw - p.pw;
  const int64_t h1 = std::min(h0 + p.kh, H + p.ph), w1 = std::min(w0 + p.kw, W + p.pw);
  if (p.count_include_pad) return double((h1 - h0) * (w1 - w0));
  return double((std::min(h1, H) - std::max<int64_t>(h0, 0)) * (std::min(w1, W) - std::max<int64_t>(w0, 0)));
}
}  // namespace

void avg_pool2d_forward(Tensor& y, const Tensor& x, const Pool2dParams& p) {
  const int64_t planes = x.size(0) * x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OH = y.size(2), OW = y.size(3);
  for (int64_t q = 0; q < planes; ++q)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        double sum = 0;
        for (int64_t kh = 0; kh < p.kh; ++kh)
          for (int64_t kw = 0; kw < p.kw; ++kw) {
            const int64_t h = oh * p.sh - p.ph + kh, w = ow * p.sw - p.pw + kw;
            if (h >= 0 && h < H && w >= 0 && w < W) sum += x.data<double>()[(q * H + h) * W + w];
          }
        y.data<double>()[(q * OH + oh) * OW + ow] = sum / divisor(oh, ow, H, W, p);
      }
}

void avg_pool2d_backward(Tensor& dx, const Tensor& dy, const Pool2dParams& p) {
  const int64_t planes = dx.size(0) * dx.size(1), H = dx.size(2), W = dx.size(3);
  const int64_t OH = dy.size(2), OW = dy.size(3);
  double* d = dx.data<double>();
  for (int64_t i = 0; i < dx.numel(); ++i) d[i] = 0;
  for (int64_t q = 0; q < planes; ++q)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        const double g = dy.data<double>()[(q * OH + oh) * OW + ow] / divisor(oh, ow, H, W, p);
        for (int64_t kh = 0; kh < p.kh; ++kh)
          for (int64_t kw = 0; kw < p.kw; ++kw) {
            const int64_t h = oh * p.sh - p.ph + kh, w = ow * p.sw - p.pw + kw;
            if (h >= 0 && h < H && w >= 0 && w < W) d[(q * H + h) * W + w] += g;
          }
      }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(avg_pool2d_forward, Reference, ref::avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(avg_pool2d_backward, Reference, ref::avg_pool2d_backward)
}  // namespace mssar
