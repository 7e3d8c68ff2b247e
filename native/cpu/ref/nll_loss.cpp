// Reference nll_loss, float64, straight from the definition (native/ops/nll_loss.h).
#include "../../core/index_values.h"
#include "../../ops/nll_loss.h"

namespace mssar::ref {

namespace {

double w_of(const Tensor& weight, int64_t k) { return weight.defined() ? weight.data<double>()[k] : 1.0; }

}  // namespace

void nll_loss_forward(Tensor& loss, const Tensor& logp, const Tensor& labels, const Tensor& weight, double s,
                      Reduction reduction) {
  const int64_t N = logp.size(0), K = logp.size(1);
  const double* L = logp.data<double>();
  double total = 0, den = 0;
  for (int64_t n = 0; n < N; ++n) {
    const int64_t y = index_at(labels.raw(), labels.dtype(), n);
    double smooth = 0;
    for (int64_t k = 0; k < K; ++k) smooth += w_of(weight, k) * L[n * K + k];
    const double l = -(1 - s) * w_of(weight, y) * L[n * K + y] - s / double(K) * smooth;
    if (reduction == Reduction::None) loss.data<double>()[n] = l;
    total += l;
    den += w_of(weight, y);
  }
  if (reduction == Reduction::Sum) *loss.data<double>() = total;
  if (reduction == Reduction::Mean) *loss.data<double>() = total / den;
}

void nll_loss_backward(Tensor& dlogp, const Tensor& dloss, const Tensor& labels, const Tensor& weight, double s,
                       Reduction reduction) {
  const int64_t N = dlogp.size(0), K = dlogp.size(1);
  double den = 1;
  if (reduction == Reduction::Mean) {
    den = 0;
    for (int64_t n = 0; n < N; ++n) den += w_of(weight, index_at(labels.raw(), labels.dtype(), n));
  }
  double* D = dlogp.data<double>();
  for (int64_t n = 0; n < N; ++n) {
    const int64_t y = index_at(labels.raw(), labels.dtype(), n);
    const double g = (reduction == Reduction::None ? dloss.data<double>()[n] : *dloss.data<double>()) / den;
    for (int64_t k = 0; k < K; ++k)
      D[n * K + k] = -g * ((k == y ? (1 - s) * w_of(weight, y) : 0.0) + s / double(K) * w_of(weight, k));
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(nll_loss_forward, Reference, ref::nll_loss_forward)
MSSAR_REGISTER_KERNEL(nll_loss_backward, Reference, ref::nll_loss_backward)
}  // namespace mssar
