// Summation helpers shared by the CPU kernels: accurate (double accumulators, pairwise over long
// runs) and vectorizable (independent lanes).
#pragma once
#include <cstdint>

namespace mssar::cpu {

constexpr int kLanes = 16;    // two AVX-512 registers of doubles
constexpr int64_t kLeaf = 1024;  // blocks summed lane by lane before the pairwise combination

// The lanes added pairwise.
inline double combine_lanes(const double* lane) {
  double s[kLanes];
  for (int k = 0; k < kLanes; ++k) s[k] = lane[k];
  for (int w = kLanes / 2; w > 0; w /= 2)
    for (int k = 0; k < w; ++k) s[k] += s[k + w];
  return s[0];
}

// Sum of p[0..n) in double: kLanes independent lanes (several vector registers, so the adds do
// not wait on each other) over blocks of up to kLeaf, halves combined pairwise, so the rounding
// error grows with log(n) rather than n.
template <class T>
double pairwise_sum(const T* p, int64_t n) {
  if (n <= kLeaf) {
    double lane[kLanes] = {};
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
#pragma omp simd
      for (int k = 0; k < kLanes; ++k) lane[k] += double(p[i + k]);
    }
    double s = combine_lanes(lane);
    for (; i < n; ++i) s += double(p[i]);
    return s;
  }
  const int64_t half = (n / 2 + kLanes - 1) / kLanes * kLanes;
  return pairwise_sum(p, half) + pairwise_sum(p + half, n - half);
}

// sum_i a[i] * b[i] in double, the same way.
template <class T>
double pairwise_dot(const T* a, const T* b, int64_t n) {
  if (n <= kLeaf) {
    double lane[kLanes] = {};
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
#pragma omp simd
      for (int k = 0; k < kLanes; ++k) lane[k] += double(a[i + k]) * double(b[i + k]);
    }
    double s = combine_lanes(lane);
    for (; i < n; ++i) s += double(a[i]) * double(b[i]);
    return s;
  }
  const int64_t half = (n / 2 + kLanes - 1) / kLanes * kLanes;
  return pairwise_dot(a, b, half) + pairwise_dot(a + half, b + half, n - half);
}

}  // namespace mssar::cpu
