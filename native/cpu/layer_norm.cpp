// layer_norm on the CPU: rows in parallel (two passes over a row: mean, then variance, in double);
// the weight and bias gradients in parallel over columns, each thread walking every row.
#include "../ops/layer_norm.h"

#include <algorithm>
#include <cmath>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void layer_norm_forward(Tensor& y, Tensor& mean, Tensor& rstd, const Tensor& x, const Tensor& weight,
                        const Tensor& bias, int64_t D, double eps) {
  const int64_t rows = x.numel() / D;
  dispatch_float(x.dtype(), "layerNorm", [&](auto tag_) {
    using T = decltype(tag_);
    const T* X = x.data<T>();
    const T* W = weight.defined() ? weight.data<T>() : nullptr;
    const T* B = bias.defined() ? bias.data<T>() : nullptr;
    T* Y = y.data<T>();
    T* M = mean.data<T>();
    T* S = rstd.data<T>();
    parallel_for(rows, std::max<int64_t>(1, 4096 / D), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) {
        const T* xr = X + r * D;
        T* yr = Y + r * D;
        double m = 0;
#pragma omp simd reduction(+ : m)
        for (int64_t j = 0; j < D; ++j) m += double(xr[j]);
        m /= double(D);
        double v = 0;
#pragma omp simd reduction(+ : v)
        for (int64_t j = 0; j < D; ++j) v += (double(xr[j]) - m) * (double(xr[j]) - m);
        const double s = 1.0 / std::sqrt(v / double(D) + eps);
        M[r] = T(m);
        S[r] = T(s);
        const T mt = T(m), st = T(s);
#pragma omp simd
        for (int64_t j = 0; j < D; ++j) yr[j] = (xr[j] - mt) * st * (W ? W[j] : T(1)) + (B ? B[j] : T(0));
      }
    });
  });
}

void layer_norm_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                         const Tensor& mean, const Tensor& rstd, const Tensor& weight, int64_t D) {
  const int64_t rows = x.numel() / D;
  dispatch_float(x.dtype(), "layerNorm backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T* X = x.data<T>();
    const T* G = dy.data<T>();
    const T* W = weight.defined() ? weight.data<T>() : nullptr;
    const T* M = mean.data<T>();
    const T* S = rstd.data<T>();
    if (dx.defined()) {
      T* DX = dx.data<T>();
      parallel_for(rows, std::max<int64_t>(1, 4096 / D), [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
          const T* xr = X + r * D;
          const T* gr = G + r * D;
          const T m = M[r], s = S[r];
          double mg = 0, mgx = 0;
#pragma omp simd reduction(+ : mg, mgx)
          for (int64_t j = 0; j < D; ++j) {
            const double g = double(gr[j]) * (W ? double(W[j]) : 1.0);
            mg += g;
            mgx += g * double((xr[j] - m) * s);
          }
          const T a = T(mg / double(D)), b = T(mgx / double(D));
#pragma omp simd
          for (int64_t j = 0; j < D; ++j) DX[r * D + j] = s * (gr[j] * (W ? W[j] : T(1)) - a - (xr[j] - m) * s * b);
        }
      });
    }
    if (dweight.defined() || dbias.defined()) {
      T* DW = dweight.defined() ? dweight.data<T>() : nullptr;
      T* DB = dbias.defined() ? dbias.data<T>() : nullptr;
      parallel_for(D, 64, [&](int64_t j0, int64_t j1) {
        for (int64_t j = j0; j < j1; ++j) {
          double w = 0, b = 0;
          for (int64_t r = 0; r < rows; ++r) {
            const double g = double(G[r * D + j]);
            w += g * double((X[r * D + j] - M[r]) * S[r]);
            b += g;
          }
          if (DW) DW[j] = T(w);
          if (DB) DB[j] = T(b);
        }
      });
    }
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(layer_norm_forward, CPU, cpu::layer_norm_forward)
MSSAR_REGISTER_KERNEL(layer_norm_backward, CPU, cpu::layer_norm_backward)
}  // namespace mssar
