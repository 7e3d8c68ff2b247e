// Summation helpers shared by the CPU kernels: accurate (double accumulators, pairwise over long
// runs) and vectorizable (eight independent lanes).
#pragma once
#include <cstdint>

namespace mssar::cpu {

// Sum of p[0..n) in double: eight lanes over blocks of up to 256, halves combined pairwise, so the
// rounding error grows with log(n) rather than n.
template <class T>
double pairwise_sum(const T* p, int64_t n) {
  if (n <= 256) {
    double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
#pragma omp simd
      for (int k = 0; k < 8; ++k) lane[k] += double(p[i + k]);
    }
    double s = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
    for (; i < n; ++i) s += double(p[i]);
    return s;
  }
  const int64_t half = (n / 2 + 7) / 8 * 8;
  return pairwise_sum(p, half) + pairwise_sum(p + half, n - half);
}

// sum_i a[i] * b[i] in double, the same way.
template <class T>
double pairwise_dot(const T* a, const T* b, int64_t n) {
  if (n <= 256) {
    double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
#pragma omp simd
      for (int k = 0; k < 8; ++k) lane[k] += double(a[i + k]) * double(b[i + k]);
    }
    double s = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
    for (; i < n; ++i) s += double(a[i]) * double(b[i]);
    return s;
  }
  const int64_t half = (n / 2 + 7) / 8 * 8;
  return pairwise_dot(a, b, half) + pairwise_dot(a + half, b + half, n - half);
}

}  // namespace mssar::cpu
