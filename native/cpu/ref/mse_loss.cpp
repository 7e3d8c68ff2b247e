// Reference mse_loss, float64, straight from the definition (native/ops/mse_loss.h).
#include "../../ops/mse_loss.h"

namespace mssar::ref {

void mse_loss_forward(Tensor& loss, const Tensor& a, const Tensor& b, Reduction reduction) {
  const int64_t n = a.numel();
  const double* A = a.data<double>();
  const double* B = b.data<double>();
  double total = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double d = (A[i] - B[i]) * (A[i] - B[i]);
    if (reduction == Reduction::None) loss.data<double>()[i] = d;
    total += d;
  }
  if (reduction != Reduction::None) *loss.data<double>() = reduction == Reduction::Mean ? total / double(n) : total;
}

void mse_loss_backward(Tensor& da, Tensor& db, const Tensor& dloss, const Tensor& a, const Tensor& b,
                       Reduction reduction) {
  const int64_t n = a.numel();
  const double* A = a.data<double>();
  const double* B = b.data<double>();
  const double* G = dloss.data<double>();
  const double scale = reduction == Reduction::Mean ? 2.0 / double(n) : 2.0;
  for (int64_t i = 0; i < n; ++i) {
    const double d = scale * (A[i] - B[i]) * (reduction == Reduction::None ? G[i] : G[0]);
    if (da.defined()) da.data<double>()[i] = d;
    if (db.defined()) db.data<double>()[i] = -d;
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(mse_loss_forward, Reference, ref::mse_loss_forward)
MSSAR_REGISTER_KERNEL(mse_loss_backward, Reference, ref::mse_loss_backward)
}  // namespace mssar
