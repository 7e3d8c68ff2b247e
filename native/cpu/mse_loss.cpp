// mse_loss on the CPU: elementwise in parallel; the reductions sum per-thread blocks in double,
// added in block order.
#include "../ops/mse_loss.h"

#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void mse_loss_forward(Tensor& loss, const Tensor& a, const Tensor& b, Reduction reduction) {
  const int64_t n = a.numel();
  dispatch_float(a.dtype(), "mseLoss", [&](auto tag_) {
    using T = decltype(tag_);
    const T* A = a.data<T>();
    const T* B = b.data<T>();
    if (reduction == Reduction::None) {
      T* L = loss.data<T>();
      parallel_for(n, 1 << 14, [&](int64_t i0, int64_t i1) {
#pragma omp simd
        for (int64_t i = i0; i < i1; ++i) L[i] = (A[i] - B[i]) * (A[i] - B[i]);
      });
      return;
    }
    constexpr int64_t kBlock = 1 << 14;
    const int64_t blocks = (n + kBlock - 1) / kBlock;
    std::vector<double> part(static_cast<size_t>(blocks), 0.0);
    parallel_for(blocks, 1, [&](int64_t b0, int64_t b1) {
      for (int64_t blk = b0; blk < b1; ++blk) {
        double s = 0;
        const int64_t e = std::min(n, (blk + 1) * kBlock);
#pragma omp simd reduction(+ : s)
        for (int64_t i = blk * kBlock; i < e; ++i) s += double(A[i] - B[i]) * double(A[i] - B[i]);
        part[size_t(blk)] = s;
      }
    });
    double total = 0;
    for (double s : part) total += s;
    *loss.data<T>() = T(reduction == Reduction::Mean ? total / double(n) : total);
  });
}

void mse_loss_backward(Tensor& da, Tensor& db, const Tensor& dloss, const Tensor& a, const Tensor& b,
                       Reduction reduction) {
  const int64_t n = a.numel();
  dispatch_float(a.dtype(), "mseLoss backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T* A = a.data<T>();
    const T* B = b.data<T>();
    const T* G = dloss.data<T>();
    const bool per = reduction == Reduction::None;
    const T scale = T(reduction == Reduction::Mean ? 2.0 / double(n) : 2.0);
    T* DA = da.defined() ? da.data<T>() : nullptr;
    T* DB = db.defined() ? db.data<T>() : nullptr;
    parallel_for(n, 1 << 14, [&](int64_t i0, int64_t i1) {
      for (int64_t i = i0; i < i1; ++i) {
        const T d = scale * (A[i] - B[i]) * (per ? G[i] : G[0]);
        if (DA) DA[i] = d;
        if (DB) DB[i] = -d;
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(mse_loss_forward, CPU, cpu::mse_loss_forward)
MSSAR_REGISTER_KERNEL(mse_loss_backward, CPU, cpu::mse_loss_backward)
}  // namespace mssar
