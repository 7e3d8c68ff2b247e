// global_avg_pool2d on the CPU: one plane per iteration, summed in double.
#include "../ops/global_avg_pool2d.h"

#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void global_avg_pool2d_forward(Tensor& y, const Tensor& x) {
  const int64_t planes = x.size(0) * x.size(1), HW = x.size(2) * x.size(3);
  dispatch_float(x.dtype(), "global_avg_pool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    parallel_for(planes, std::max<int64_t>(1, (int64_t(1) << 15) / HW), [&](int64_t b, int64_t e) {
      for (int64_t q = b; q < e; ++q) {
        const scalar_t* xp = in + q * HW;
        double s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t i = 0; i < HW; ++i) s += double(xp[i]);
        out[q] = scalar_t(s / double(HW));
      }
    });
  });
}

void global_avg_pool2d_backward(Tensor& dx, const Tensor& dy) {
  const int64_t planes = dx.size(0) * dx.size(1), HW = dx.size(2) * dx.size(3);
  dispatch_float(dy.dtype(), "global_avg_pool2d_backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    parallel_for(planes, std::max<int64_t>(1, (int64_t(1) << 15) / HW), [&](int64_t b, int64_t e) {
      for (int64_t q = b; q < e; ++q) {
        const scalar_t v = scalar_t(double(g[q]) / double(HW));
        scalar_t* dp = d + q * HW;
#pragma omp simd
        for (int64_t i = 0; i < HW; ++i) dp[i] = v;
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(global_avg_pool2d_forward, CPU, cpu::global_avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(global_avg_pool2d_backward, CPU, cpu::global_avg_pool2d_backward)
}  // namespace mssar
