// maskedFill on the CPU: one parallel pass.
#include "../ops/masked_fill.h"

#include "../core/dtype_dispatch.h"
#include "../core/index_values.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void masked_fill_forward(Tensor& y, const Tensor& x, const Tensor& mask, double value) {
  dispatch_float(x.dtype(), "maskedFill", [&](auto tag_) {
    using T = decltype(tag_);
    const T* X = x.data<T>();
    T* Y = y.data<T>();
    const T v = T(value);
    parallel_for(y.numel(), 1 << 14, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) Y[i] = mask_at(mask.raw(), mask.dtype(), i) ? v : X[i];
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(masked_fill_forward, CPU, cpu::masked_fill_forward)
}  // namespace mssar
