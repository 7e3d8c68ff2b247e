// sigmoid on the CPU: elementwise over the physical buffer (any layout), with the one sigmoid of
// vec_math.h (large |x| give exactly 0 or 1, never NaN).
#include "../ops/sigmoid.h"

#include <cmath>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "vec_math.h"

namespace mssar::cpu {

void sigmoid_forward(Tensor& y, const Tensor& x) {
  const int64_t n = physical_numel(x.shape(), x.layout());
  dispatch_float(x.dtype(), "sigmoid", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    parallel_for(n, 1 << 14, [&](int64_t b, int64_t e) {
#pragma omp simd
      for (int64_t i = b; i < e; ++i) out[i] = sigmoid_simd(in[i]);
    });
  });
}

void sigmoid_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const int64_t n = physical_numel(y.shape(), y.layout());
  dispatch_float(y.dtype(), "sigmoid backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    const scalar_t* out = y.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    parallel_for(n, 1 << 15, [&](int64_t b, int64_t e) {
#pragma omp simd
      for (int64_t i = b; i < e; ++i) d[i] = g[i] * out[i] * (scalar_t(1) - out[i]);
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(sigmoid_forward, CPU, cpu::sigmoid_forward)
MSSAR_REGISTER_KERNEL(sigmoid_backward, CPU, cpu::sigmoid_backward)
}  // namespace mssar
