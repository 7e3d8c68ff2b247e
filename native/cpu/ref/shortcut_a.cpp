// Reference shortcut_a, float64, straight from the definition in ops/shortcut_a.h.
#include "../../ops/shortcut_a.h"

namespace mssar::ref {

void shortcut_a_forward(Tensor& y, const Tensor& x, int64_t stride) {
  const int64_t N = y.size(0), Co = y.size(1), Ho = y.size(2), Wo = y.size(3);
  const int64_t C = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t P = shortcut_a_pad_before(C, Co);
  const double* in = x.data<double>();
  double* out = y.data<double>();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < Co; ++c)
      for (int64_t h = 0; h < Ho; ++h)
        for (int64_t w = 0; w < Wo; ++w) {
          const int64_t ci = c - P;
          out[((n * Co + c) * Ho + h) * Wo + w] =
              ci >= 0 && ci < C ? in[((n * C + ci) * H + h * stride) * W + w * stride] : 0.0;
        }
}

void shortcut_a_backward(Tensor& dx, const Tensor& dy, int64_t stride) {
  const int64_t N = dx.size(0), C = dx.size(1), H = dx.size(2), W = dx.size(3);
  const int64_t Co = dy.size(1), Ho = dy.size(2), Wo = dy.size(3);
  const int64_t P = shortcut_a_pad_before(C, Co);
  const double* g = dy.data<double>();
  double* d = dx.data<double>();
  for (int64_t i = 0; i < dx.numel(); ++i) d[i] = 0;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t h = 0; h < Ho; ++h)
        for (int64_t w = 0; w < Wo; ++w)
          d[((n * C + c) * H + h * stride) * W + w * stride] = g[((n * Co + c + P) * Ho + h) * Wo + w];
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(shortcut_a_forward, Reference, ref::shortcut_a_forward)
MSSAR_REGISTER_KERNEL(shortcut_a_backward, Reference, ref::shortcut_a_backward)
}  // namespace mssar
