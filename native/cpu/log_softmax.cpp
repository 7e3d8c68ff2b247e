// log_softmax on the CPU: along the last dim (inner = 1) one row per task (rows grouped so each task
// does enough work), along another dim blocks of columns (softmax_columns.h).
#include "../ops/log_softmax.h"

#include <algorithm>
#include <cmath>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "reduce_util.h"
#include "softmax_columns.h"
#include "softmax_row.h"
#include "vec_math.h"

namespace mssar::cpu {

namespace {

// As log_softmax_row: (x - m) - log(s) in double.
template <class T>
void log_softmax_columns_forward(T* y, const T* x, const SoftmaxDims& d) {
  columns_forward(y, x, d, [](double s) { return std::log(s); },
                  [](T v, T m, double ls) { return T((double(v) - double(m)) - ls); });
}

template <class T>
void log_softmax_columns_backward(T* dx, const T* dy, const T* y, const SoftmaxDims& d) {
  columns_backward(dx, dy, y, d, [](T g, T) { return double(g); },
                   [](T g, T p, T total) { return g - exp_simd(p) * total; });
}

}  // namespace

void log_softmax_forward(Tensor& y, const Tensor& x) {
  const SoftmaxDims dims = softmax_dims(x);
  const int64_t n = dims.outer, k = dims.k;
  dispatch_float(x.dtype(), "logSoftmax", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    if (dims.inner > 1) return log_softmax_columns_forward(out, in, dims);
    parallel_for(n, std::max<int64_t>(1, (1 << 13) / k), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) log_softmax_row(out + r * k, in + r * k, k);
    });
  });
}

void log_softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const SoftmaxDims dims = softmax_dims(y);
  const int64_t n = dims.outer, k = dims.k;
  dispatch_float(y.dtype(), "logSoftmax backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    const scalar_t* out = y.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    if (dims.inner > 1) return log_softmax_columns_backward(d, g, out, dims);
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
