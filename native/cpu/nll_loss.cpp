// nll_loss on the CPU: the rows' terms in parallel (in double), summed in row order.
#include "../ops/nll_loss.h"

#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/index_values.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void nll_loss_forward(Tensor& loss, const Tensor& logp, const Tensor& labels, const Tensor& weight, double s,
                      Reduction reduction) {
  const int64_t N = logp.size(0), K = logp.size(1);
  dispatch_float(logp.dtype(), "nllLoss", [&](auto tag_) {
    using T = decltype(tag_);
    const T* L = logp.data<T>();
    const T* W = weight.defined() ? weight.data<T>() : nullptr;
    std::vector<double> terms(static_cast<size_t>(N)), wy(static_cast<size_t>(N));
    parallel_for(N, std::max<int64_t>(1, 4096 / K), [&](int64_t n0, int64_t n1) {
      for (int64_t n = n0; n < n1; ++n) {
        const int64_t y = index_at(labels.raw(), labels.dtype(), n);
        const T* row = L + n * K;
        double smooth = 0;
        if (s > 0)
          for (int64_t k = 0; k < K; ++k) smooth += (W ? double(W[k]) : 1.0) * double(row[k]);
        wy[size_t(n)] = W ? double(W[y]) : 1.0;
        terms[size_t(n)] = -(1 - s) * wy[size_t(n)] * double(row[y]) - s / double(K) * smooth;
      }
    });
    if (reduction == Reduction::None) {
      for (int64_t n = 0; n < N; ++n) loss.data<T>()[n] = T(terms[size_t(n)]);
      return;
    }
    double total = 0, den = 0;
    for (int64_t n = 0; n < N; ++n) {
      total += terms[size_t(n)];
      den += wy[size_t(n)];
    }
    *loss.data<T>() = T(reduction == Reduction::Mean ? total / den : total);
  });
}

void nll_loss_backward(Tensor& dlogp, const Tensor& dloss, const Tensor& labels, const Tensor& weight, double s,
                       Reduction reduction) {
  const int64_t N = dlogp.size(0), K = dlogp.size(1);
  dispatch_float(dlogp.dtype(), "nllLoss backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T* W = weight.defined() ? weight.data<T>() : nullptr;
    double den = 1;
    if (reduction == Reduction::Mean) {
      den = 0;
      for (int64_t n = 0; n < N; ++n) den += W ? double(W[index_at(labels.raw(), labels.dtype(), n)]) : 1.0;
    }
    T* D = dlogp.data<T>();
    const T* G = dloss.data<T>();
    parallel_for(N, std::max<int64_t>(1, 4096 / K), [&](int64_t n0, int64_t n1) {
      for (int64_t n = n0; n < n1; ++n) {
        const int64_t y = index_at(labels.raw(), labels.dtype(), n);
        const double g = double(reduction == Reduction::None ? G[n] : G[0]) / den;
        const double spread = s / double(K);
        for (int64_t k = 0; k < K; ++k) D[n * K + k] = T(-g * spread * (W ? double(W[k]) : 1.0));
        D[n * K + y] = T(-g * ((1 - s) * (W ? double(W[y]) : 1.0) + spread * (W ? double(W[y]) : 1.0)));
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(nll_loss_forward, CPU, cpu::nll_loss_forward)
MSSAR_REGISTER_KERNEL(nll_loss_backward, CPU, cpu::nll_loss_backward)
}  // namespace mssar
