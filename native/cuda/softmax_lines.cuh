// The per-line programs of softmax and log_softmax along dim 1 of [outer, K, inner] with inner > 1 on
// CUDA (softmax.cu, log_softmax.cu), host and device code: the kernels run them one thread per line
// (adjacent threads take adjacent columns, so the loads along K are coalesced), and the host
// emulation test (test/native/cuda_kernels_emulation.cpp) runs them on every line against the CPU
// kernels. x, y, dy, dx point to the line's first element; its K values lie inner apart. Sums in double.
// The kernels themselves are compiled by nvcc only.
#pragma once
#include <math.h>

#ifdef __CUDACC__
#define MSSAR_SOFTMAX_HD __host__ __device__ __forceinline__
#else
#define MSSAR_SOFTMAX_HD inline
#endif

namespace mssar::cuda::softmax_line {

// Forward: m = the line's maximum (NaN if any value is; in T, as the row kernels subtract it) and
// t = of_sum(sum_j exp(x_j - m)) (in double); then y_j = f(x_j, m, t).
template <class T, class OfSum, class F>
MSSAR_SOFTMAX_HD void line_forward(T* y, const T* x, long long k, long long inner, OfSum of_sum, F f) {
  double mx = double(x[0]);
  for (long long j = 1; j < k; ++j) {
    const double v = double(x[j * inner]);
    mx = (v > mx || v != v) ? v : mx;
  }
  const T m = T(mx);
  double s = 0;
  for (long long j = 0; j < k; ++j) s += double(exp(x[j * inner] - m));
  const double t = of_sum(s);
  for (long long j = 0; j < k; ++j) y[j * inner] = f(x[j * inner], m, t);
}

// Backward: t = T(sum_j term(dy_j, y_j)) (summed in double); then dx_j = f(dy_j, y_j, t).
template <class T, class Term, class F>
MSSAR_SOFTMAX_HD void line_backward(T* dx, const T* dy, const T* y, long long k, long long inner, Term term, F f) {
  double acc = 0;
  for (long long j = 0; j < k; ++j) acc += term(dy[j * inner], y[j * inner]);
  const T t = T(acc);
  for (long long j = 0; j < k; ++j) dx[j * inner] = f(dy[j * inner], y[j * inner], t);
}

struct Softmax {
  template <class T>
  static MSSAR_SOFTMAX_HD void forward(T* y, const T* x, long long k, long long inner) {
    line_forward(y, x, k, inner, [](double s) { return 1.0 / s; },
                 [](T v, T m, double inv) { return T(exp(v - m) * T(inv)); });
  }
  template <class T>
  static MSSAR_SOFTMAX_HD void backward(T* dx, const T* dy, const T* y, long long k, long long inner) {
    line_backward(dx, dy, y, k, inner, [](T g, T p) { return double(g) * double(p); },
                  [](T g, T p, T dot) { return p * (g - dot); });
  }
};

struct LogSoftmax {
  // As log_softmax_row: (x - m) - log(s) in double.
  template <class T>
  static MSSAR_SOFTMAX_HD void forward(T* y, const T* x, long long k, long long inner) {
    line_forward(y, x, k, inner, [](double s) { return log(s); },
                 [](T v, T m, double ls) { return T((double(v) - double(m)) - ls); });
  }
  template <class T>
  static MSSAR_SOFTMAX_HD void backward(T* dx, const T* dy, const T* y, long long k, long long inner) {
    line_backward(dx, dy, y, k, inner, [](T g, T) { return double(g); },
                  [](T g, T p, T total) { return g - exp(p) * total; });
  }
};

// The offset of line t (of outer * inner) in [outer, K, inner].
MSSAR_SOFTMAX_HD long long line_offset(long long t, long long k, long long inner) {
  const long long o = t / inner;
  return o * k * inner + (t - o * inner);
}

#ifdef __CUDACC__
// One thread per line; Line is Softmax or LogSoftmax.
template <class Line, class T>
__global__ void lines_forward_kernel(T* y, const T* x, long long outer, long long k, long long inner) {
  for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < outer * inner;
       t += (long long)gridDim.x * blockDim.x) {
    const long long at = line_offset(t, k, inner);
    Line::forward(y + at, x + at, k, inner);
  }
}

template <class Line, class T>
__global__ void lines_backward_kernel(T* dx, const T* dy, const T* y, long long outer, long long k, long long inner) {
  for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < outer * inner;
       t += (long long)gridDim.x * blockDim.x) {
    const long long at = line_offset(t, k, inner);
    Line::backward(dx + at, dy + at, y + at, k, inner);
  }
}
#endif

}  // namespace mssar::cuda::softmax_line
