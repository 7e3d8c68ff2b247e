// Reference conv2d, float64, straight from the definition: one loop per index of the sum.
#include "../../ops/conv2d.h"

namespace mssar::ref {

namespace {
// The input row (or column) that output position `o` reads through kernel tap `k`; may be outside.
inline int64_t tap(int64_t o, int64_t k, int64_t stride, int64_t pad, int64_t dil) { return o * stride - pad + k * dil; }
}  // namespace

void conv2d_forward(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s) {
  const double* X = x.data<double>();
  const double* Wt = w.data<double>();
  const double* B = b.defined() ? b.data<double>() : nullptr;
  double* Y = y.data<double>();
  const int64_t Cg = s.C / s.G, Og = s.O / s.G;
  for (int64_t n = 0; n < s.N; ++n)
    for (int64_t o = 0; o < s.O; ++o) {
      const int64_t g = o / Og;
      for (int64_t i = 0; i < s.Ho; ++i)
        for (int64_t j = 0; j < s.Wo; ++j) {
          double acc = B ? B[o] : 0.0;
          for (int64_t c = 0; c < Cg; ++c)
            for (int64_t kh = 0; kh < s.KH; ++kh)
              for (int64_t kw = 0; kw < s.KW; ++kw) {
                const int64_t h = tap(i, kh, s.sh, s.ph, s.dh), v = tap(j, kw, s.sw, s.pw, s.dw);
                if (h < 0 || h >= s.H || v < 0 || v >= s.W) continue;
                acc += Wt[((o * Cg + c) * s.KH + kh) * s.KW + kw] * X[((n * s.C + g * Cg + c) * s.H + h) * s.W + v];
              }
          Y[((n * s.O + o) * s.Ho + i) * s.Wo + j] = acc;
        }
    }
}

// Each product w * x in the forward sum sends dy * x to dw, dy * w to dx, and dy to db.
void conv2d_backward(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w,
                     const Conv2dShape& s) {
  const double* X = x.data<double>();
  const double* Wt = w.data<double>();
  const double* DY = dy.data<double>();
  double* DX = dx.defined() ? dx.data<double>() : nullptr;
  double* DW = dw.defined() ? dw.data<double>() : nullptr;
  double* DB = db.defined() ? db.data<double>() : nullptr;
  if (DX) dx.zero_();
  if (DW) dw.zero_();
  if (DB) db.zero_();
  const int64_t Cg = s.C / s.G, Og = s.O / s.G;
  for (int64_t n = 0; n < s.N; ++n)
    for (int64_t o = 0; o < s.O; ++o) {
      const int64_t g = o / Og;
      for (int64_t i = 0; i < s.Ho; ++i)
        for (int64_t j = 0; j < s.Wo; ++j) {
          const double d = DY[((n * s.O + o) * s.Ho + i) * s.Wo + j];
          if (DB) DB[o] += d;
          for (int64_t c = 0; c < Cg; ++c)
            for (int64_t kh = 0; kh < s.KH; ++kh)
              for (int64_t kw = 0; kw < s.KW; ++kw) {
                const int64_t h = tap(i, kh, s.sh, s.ph, s.dh), v = tap(j, kw, s.sw, s.pw, s.dw);
                if (h < 0 || h >= s.H || v < 0 || v >= s.W) continue;
                const int64_t xi = ((n * s.C + g * Cg + c) * s.H + h) * s.W + v;
                const int64_t wi = ((o * Cg + c) * s.KH + kh) * s.KW + kw;
                if (DW) DW[wi] += d * X[xi];
                if (DX) DX[xi] += d * Wt[wi];
              }
        }
    }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(conv2d_forward, Reference, ref::conv2d_forward)
MSSAR_REGISTER_KERNEL(conv2d_backward, Reference, ref::conv2d_backward)
}  // namespace mssar
