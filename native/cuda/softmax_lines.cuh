// The per-line programs of softmax and log_softmax along dim 1 of [outer, K, inner] with inner > 1 on
// CUDA (softmax.cu, log_softmax.cu), host and device code: the kernels run them one thread per line
// (adjacent threads take adjacent columns, so the loads along K are coalesced), and the host
// emulation test (test/native/cuda_kernels_emulation.cpp) runs them on every line against the CPU
// kernels. x, y, dy, dx point to the line's first element; its K values lie inner apart. Sums in double.
#pragma once
#include <math.h>

#ifdef __CUDACC__
#define MSSAR_SOFTMAX_HD __host__ __device__ __forceinline__
#else
#define MSSAR_SOFTMAX_HD inline
#endif

namespace mssar::cuda::softmax_line {

// The line's maximum m (NaN if any value is; in T, as the row kernels subtract it) and
// s = sum_j exp(x_j - m).
template <class T>
MSSAR_SOFTMAX_HD void max_sum_exp(const T* x, long long k, long long inner, T& m, double& s) {
  double mx = double(x[0]);
  for (long long j = 1; j < k; ++j) {
    const double v = double(x[j * inner]);
    mx = (v > mx || v != v) ? v : mx;
  }
  m = T(mx);
  s = 0;
  for (long long j = 0; j < k; ++j) s += double(exp(x[j * inner] - m));
}

template <class T>
MSSAR_SOFTMAX_HD void softmax_forward(T* y, const T* x, long long k, long long inner) {
  T m;
  double s;
  max_sum_exp(x, k, inner, m, s);
  const T inv = T(1.0 / s);
  for (long long j = 0; j < k; ++j) y[j * inner] = exp(x[j * inner] - m) * inv;
}

template <class T>
MSSAR_SOFTMAX_HD void softmax_backward(T* dx, const T* dy, const T* y, long long k, long long inner) {
  double dot = 0;
  for (long long j = 0; j < k; ++j) dot += double(dy[j * inner]) * double(y[j * inner]);
  const T t = T(dot);
  for (long long j = 0; j < k; ++j) dx[j * inner] = y[j * inner] * (dy[j * inner] - t);
}

// As log_softmax_row: (x - m) - log(s) in double.
template <class T>
MSSAR_SOFTMAX_HD void log_softmax_forward(T* y, const T* x, long long k, long long inner) {
  T m;
  double s;
  max_sum_exp(x, k, inner, m, s);
  const double md = double(m), ls = log(s);
  for (long long j = 0; j < k; ++j) y[j * inner] = T((double(x[j * inner]) - md) - ls);
}

template <class T>
MSSAR_SOFTMAX_HD void log_softmax_backward(T* dx, const T* dy, const T* y, long long k, long long inner) {
  double total = 0;
  for (long long j = 0; j < k; ++j) total += double(dy[j * inner]);
  const T t = T(total);
  for (long long j = 0; j < k; ++j) dx[j * inner] = dy[j * inner] - exp(y[j * inner]) * t;
}

// The offset of line t (of outer * inner) in [outer, K, inner].
MSSAR_SOFTMAX_HD long long line_offset(long long t, long long k, long long inner) {
  const long long o = t / inner;
  return o * k * inner + (t - o * inner);
}

}  // namespace mssar::cuda::softmax_line
