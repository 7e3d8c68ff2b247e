// softmax and log_softmax along dim 1 of [outer, K, inner] with inner > 1 on the CPU: the K values of
// a line lie inner apart, so the kernels take blocks of adjacent lines (columns) at once and run along
// the contiguous inner dim, the sums in double.
#pragma once
#include <algorithm>
#include <cstdint>

#include "../core/parallel.h"
#include "../ops/softmax_dims.h"
#include "vec_math.h"

namespace mssar::cpu {

constexpr int64_t kSoftmaxColumns = 64;

// Calls f(offset of [o, 0, c0], width) for each block of at most kSoftmaxColumns columns, in parallel.
template <class F>
void parallel_column_blocks(const SoftmaxDims& d, const F& f) {
  const int64_t per_outer = (d.inner + kSoftmaxColumns - 1) / kSoftmaxColumns;
  const int64_t grain = std::max<int64_t>(1, (1 << 13) / (d.k * kSoftmaxColumns));
  parallel_for(d.outer * per_outer, grain, [&](int64_t b, int64_t e) {
    for (int64_t t = b; t < e; ++t) {
      const int64_t o = t / per_outer, c0 = (t % per_outer) * kSoftmaxColumns;
      f(o * d.k * d.inner + c0, std::min(kSoftmaxColumns, d.inner - c0));
    }
  });
}

// Forward: per column, m = the maximum (in T) and t = of_sum(sum_j exp(x_j - m)) (in double);
// then y_j = f(x_j, m, t).
template <class T, class OfSum, class F>
void columns_forward(T* y, const T* x, const SoftmaxDims& d, const OfSum& of_sum, const F& f) {
  parallel_column_blocks(d, [&](int64_t at, int64_t w) {
    T m[kSoftmaxColumns];
    double t[kSoftmaxColumns];
    std::copy(x + at, x + at + w, m);
    for (int64_t j = 1; j < d.k; ++j) {
      const T* xj = x + at + j * d.inner;
#pragma omp simd
      for (int64_t c = 0; c < w; ++c) m[c] = xj[c] > m[c] ? xj[c] : m[c];
    }
    std::fill(t, t + w, 0.0);
    for (int64_t j = 0; j < d.k; ++j) {
      const T* xj = x + at + j * d.inner;
#pragma omp simd
      for (int64_t c = 0; c < w; ++c) t[c] += double(exp_simd(xj[c] - m[c]));
    }
    for (int64_t c = 0; c < w; ++c) t[c] = of_sum(t[c]);
    for (int64_t j = 0; j < d.k; ++j) {
      const T* xj = x + at + j * d.inner;
      T* yj = y + at + j * d.inner;
#pragma omp simd
      for (int64_t c = 0; c < w; ++c) yj[c] = f(xj[c], m[c], t[c]);
    }
  });
}

// Backward: per column, t = T(sum_j term(dy_j, y_j)) (summed in double); then dx_j = f(dy_j, y_j, t).
template <class T, class Term, class F>
void columns_backward(T* dx, const T* dy, const T* y, const SoftmaxDims& d, const Term& term, const F& f) {
  parallel_column_blocks(d, [&](int64_t at, int64_t w) {
    double acc[kSoftmaxColumns];
    std::fill(acc, acc + w, 0.0);
    for (int64_t j = 0; j < d.k; ++j) {
      const int64_t row = at + j * d.inner;
#pragma omp simd
      for (int64_t c = 0; c < w; ++c) acc[c] += term(dy[row + c], y[row + c]);
    }
    T t[kSoftmaxColumns];
    for (int64_t c = 0; c < w; ++c) t[c] = T(acc[c]);
    for (int64_t j = 0; j < d.k; ++j) {
      const int64_t row = at + j * d.inner;
#pragma omp simd
      for (int64_t c = 0; c < w; ++c) dx[row + c] = f(dy[row + c], y[row + c], t[c]);
    }
  });
}

}  // namespace mssar::cpu
