// Reference add, float64: y[n, c, h, w] = a[n, c, h, w] + b[n or 0, c, 0, 0] (or b of a's shape).
#include "../../ops/add.h"

namespace mssar::ref {

void add_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const double* pa = a.data<double>();
  const double* pb = b.data<double>();
  double* out = y.data<double>();
  if (a.shape() == b.shape()) {
    for (int64_t i = 0; i < a.numel(); ++i) out[i] = pa[i] + pb[i];
    return;
  }
  const int64_t N = a.size(0), C = a.size(1), H = a.size(2), W = a.size(3);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t h = 0; h < H; ++h)
        for (int64_t w = 0; w < W; ++w) {
          const int64_t i = ((n * C + c) * H + h) * W + w;
          out[i] = pa[i] + pb[(b.size(0) == 1 ? 0 : n) * C + c];
        }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(add_forward, Reference, ref::add_forward)
}  // namespace mssar
