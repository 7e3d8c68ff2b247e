// log_softmax on the CPU: one row per task (rows grouped so each task does enough work).
#include "../ops/log_softmax.h"

#include <algorithm>
#include <cmath>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "reduce_util.h"
#include "softmax_row.h"
#include "vec_math.h"

namespace mssar::cpu {

void log_softmax_forward(Tensor& y, const Tensor& x) {
  const int64_t n = x.size(0), k = x.size(1);
  dispatch_float(x.dtype(), "logSoftmax", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    parallel_for(n, std::max<int64_t>(1, (1 << 13) / k), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) log_softmax_row(out + r * k, in + r * k, k);
    });
  });
}

void log_softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const int64_t n = y.size(0), k = y.size(1);
  dispatch_float(y.dtype(), "logSoftmax backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    const scalar_t* out = y.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    parallel_for(n, std::max<int64_t>(1, (1 << 13) / k), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const scalar_t* gr = g + r * k;
        const scalar_t* yr = out + r * k;
        scalar_t* dr = d + r * k;
        const scalar_t total = scalar_t(pairwise_sum(gr, k));
#pragma omp simd
        for (int64_t j = 0; j < k; ++j) dr[j] = gr[j] - exp_simd(yr[j]) * total;
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(log_softmax_forward, CPU, cpu::log_softmax_forward)
MSSAR_REGISTER_KERNEL(log_softmax_backward, CPU, cpu::log_softmax_backward)
}  // namespace mssar
