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

// The maximum m[c] and sum s[c] = sum_j exp(x[j * inner + c] - m[c]) of each of the w columns at x.
template <class T>
void column_max_sum_exp(const T* x, int64_t k, int64_t inner, int64_t w, T* m, double* s) {
  std::copy(x, x + w, m);
  for (int64_t j = 1; j < k; ++j) {
    const T* xj = x + j * inner;
#pragma omp simd
    for (int64_t c = 0; c < w; ++c) m[c] = xj[c] > m[c] ? xj[c] : m[c];
  }
  std::fill(s, s + w, 0.0);
  for (int64_t j = 0; j < k; ++j) {
    const T* xj = x + j * inner;
#pragma omp simd
    for (int64_t c = 0; c < w; ++c) s[c] += double(exp_simd(xj[c] - m[c]));
  }
}

// The sum over j of term(j * inner + c) (in double) for each of the w columns, into acc.
template <class Term>
void column_sums(int64_t k, int64_t inner, int64_t w, double* acc, const Term& term) {
  std::fill(acc, acc + w, 0.0);
  for (int64_t j = 0; j < k; ++j) {
#pragma omp simd
    for (int64_t c = 0; c < w; ++c) acc[c] += term(j * inner + c);
  }
}

}  // namespace mssar::cpu
