// Reference mul, float64: y = a * b with b[n or 0, c, 0, 0] broadcast (or b of a's shape);
// da = dy * b, db[n or 0, c] = sum of dy * a over the elements b multiplied.
#include "../../ops/mul.h"

namespace mssar::ref {

namespace {
// Index into b of element (n, c) of a's [N, C, H, W].
int64_t b_index(const Tensor& b, int64_t n, int64_t c, int64_t C) { return (b.size(0) == 1 ? 0 : n) * C + c; }
}  // namespace

void mul_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const double* pa = a.data<double>();
  const double* pb = b.data<double>();
  double* out = y.data<double>();
  if (a.shape() == b.shape()) {
    for (int64_t i = 0; i < a.numel(); ++i) out[i] = pa[i] * pb[i];
    return;
  }
  const int64_t N = a.size(0), C = a.size(1), HW = a.size(2) * a.size(3);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t i = 0; i < HW; ++i) {
        const int64_t k = (n * C + c) * HW + i;
        out[k] = pa[k] * pb[b_index(b, n, c, C)];
      }
}

void mul_backward(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b) {
  const double* g = dy.data<double>();
  const double* pa = a.data<double>();
  const double* pb = b.data<double>();
  if (a.shape() == b.shape()) {
    for (int64_t i = 0; i < a.numel(); ++i) {
      if (da.defined()) da.data<double>()[i] = g[i] * pb[i];
      if (db.defined()) db.data<double>()[i] = g[i] * pa[i];
    }
    return;
  }
  const int64_t N = a.size(0), C = a.size(1), HW = a.size(2) * a.size(3);
  if (db.defined())
    for (int64_t j = 0; j < b.numel(); ++j) db.data<double>()[j] = 0;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t i = 0; i < HW; ++i) {
        const int64_t k = (n * C + c) * HW + i;
        if (da.defined()) da.data<double>()[k] = g[k] * pb[b_index(b, n, c, C)];
        if (db.defined()) db.data<double>()[b_index(b, n, c, C)] += g[k] * pa[k];
      }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(mul_forward, Reference, ref::mul_forward)
MSSAR_REGISTER_KERNEL(mul_backward, Reference, ref::mul_backward)
}  // namespace mssar
