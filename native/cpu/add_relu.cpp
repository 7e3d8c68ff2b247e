// add_relu on the CPU: one vectorized pass over the physical buffer (a and b share a layout).
#include "../ops/add_relu.h"

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void add_relu_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const int64_t n = physical_numel(a.shape(), a.layout());
  dispatch_float(a.dtype(), "addRelu", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* pa = a.data<scalar_t>();
    const scalar_t* pb = b.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    parallel_for(n, 1 << 15, [&](int64_t lo, int64_t hi) {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) {
        const scalar_t s = pa[i] + pb[i];
        out[i] = s > scalar_t(0) ? s : scalar_t(0);
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(add_relu_forward, CPU, cpu::add_relu_forward)
}  // namespace mssar
