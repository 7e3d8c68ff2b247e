// softmax on the CPU: one row per task (rows grouped so each task does enough work), the sums in double.
#include "../ops/softmax.h"

#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "vec_math.h"

namespace mssar::cpu {

void softmax_forward(Tensor& y, const Tensor& x) {
  const int64_t n = x.size(0), k = x.size(1);
  dispatch_float(x.dtype(), "softmax", [&](auto tag_) {
    using T = decltype(tag_);
    const T* in = x.data<T>();
    T* out = y.data<T>();
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
  const int64_t n = y.size(0), k = y.size(1);
  dispatch_float(y.dtype(), "softmax backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T* g = dy.data<T>();
    const T* out = y.data<T>();
    T* d = dx.data<T>();
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
