// relu on the CPU: elementwise over the physical buffer, so any layout works unchanged.
#include "../ops/relu.h"

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void relu_forward(Tensor& y, const Tensor& x) {
  const int64_t n = physical_numel(x.shape(), x.layout());
  dispatch_float(x.dtype(), "relu", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    parallel_for(n, 1 << 15, [&](int64_t b, int64_t e) {
#pragma omp simd
      for (int64_t i = b; i < e; ++i) out[i] = in[i] > scalar_t(0) ? in[i] : scalar_t(0);
    });
  });
}

void relu_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const int64_t n = physical_numel(y.shape(), y.layout());
  dispatch_float(y.dtype(), "relu backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    const scalar_t* out = y.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    parallel_for(n, 1 << 15, [&](int64_t b, int64_t e) {
      // Both loads unconditional, so the select vectorizes (a conditional load of g does not).
#pragma omp simd
      for (int64_t i = b; i < e; ++i) {
        const scalar_t gi = g[i];
        d[i] = out[i] > scalar_t(0) ? gi : scalar_t(0);
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(relu_forward, CPU, cpu::relu_forward)
MSSAR_REGISTER_KERNEL(relu_backward, CPU, cpu::relu_backward)
}  // namespace mssar
