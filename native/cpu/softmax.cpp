// softmax on the CPU: along the last dim (inner = 1) one row per task (rows grouped so each task does
// enough work), along another dim blocks of columns (softmax_columns.h); the sums in double.
#include "../ops/softmax.h"

#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "softmax_columns.h"
#include "vec_math.h"

namespace mssar::cpu {

namespace {

template <class T>
void softmax_columns_forward(T* y, const T* x, const SoftmaxDims& d) {
  columns_forward(y, x, d, [](double s) { return 1.0 / s; },
                  [](T v, T m, double inv) { return exp_simd(v - m) * T(inv); });
}

template <class T>
void softmax_columns_backward(T* dx, const T* dy, const T* y, const SoftmaxDims& d) {
  columns_backward(dx, dy, y, d, [](T g, T p) { return double(g) * double(p); },
                   [](T g, T p, T dot) { return p * (g - dot); });
}

}  // namespace

void softmax_forward(Tensor& y, const Tensor& x) {
  const SoftmaxDims dims = softmax_dims(x);
  const int64_t n = dims.outer, k = dims.k;
  dispatch_float(x.dtype(), "softmax", [&](auto tag_) {
    using T = decltype(tag_);
    const T* in = x.data<T>();
    T* out = y.data<T>();
    if (dims.inner > 1) return softmax_columns_forward(out, in, dims);
    parallel_for(n, std::max<int64_t>(1, (1 << 13) / k), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const T* xr = in + r * k;
        T* yr = out + r * k;
        T m = xr[0];
#pragma omp simd reduction(max : m)
        for (int64_t j = 0; j < k; ++j) m = xr[j] > m ? xr[j] : m;
        double s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t j = 0; j < k; ++j) {
          yr[j] = exp_simd(xr[j] - m);
          s += double(yr[j]);
        }
        const T inv = T(1.0 / s);
#pragma omp simd
        for (int64_t j = 0; j < k; ++j) yr[j] *= inv;
      }
    });
  });
}

void softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const SoftmaxDims dims = softmax_dims(y);
  const int64_t n = dims.outer, k = dims.k;
  dispatch_float(y.dtype(), "softmax backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T* g = dy.data<T>();
    const T* out = y.data<T>();
    T* d = dx.data<T>();
    if (dims.inner > 1) return softmax_columns_backward(d, g, out, dims);
    parallel_for(n, std::max<int64_t>(1, (1 << 13) / k), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const T* gr = g + r * k;
        const T* yr = out + r * k;
        T* dr = d + r * k;
        double dot = 0;
#pragma omp simd reduction(+ : dot)
        for (int64_t j = 0; j < k; ++j) dot += double(gr[j]) * double(yr[j]);
        const T t = T(dot);
#pragma omp simd
        for (int64_t j = 0; j < k; ++j) dr[j] = yr[j] * (gr[j] - t);
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(softmax_forward, CPU, cpu::softmax_forward)
MSSAR_REGISTER_KERNEL(softmax_backward, CPU, cpu::softmax_backward)
}  // namespace mssar
