// The per-element programs of the CUDA unary kernels (unary.cu). The kernels run them one thread
// per element, and the host emulation test (test/native/emulate_elementwise.cpp) runs them on every
// element against the CPU kernels.
#pragma once
#include <math.h>

#include <type_traits>

#include "../ops/unary.h"
#include "device_math.h"

#ifdef __CUDACC__
#define MSSAR_UNARY_PROGRAM __device__ __forceinline__
#else
#define MSSAR_UNARY_PROGRAM inline
#endif

namespace mssar::cuda {

template <class T>
MSSAR_UNARY_PROGRAM T unary_value(UnaryOp op, T v, double lo, double hi) {
  switch (op) {
    case UnaryOp::Neg: return T(-v);
    case UnaryOp::Abs: return v < T(0) ? T(-v) : v;
    case UnaryOp::Clamp: {
      const double d = double(v);
      return d < lo ? T(lo) : (d > hi ? T(hi) : v);
    }
    default: break;
  }
  if constexpr (std::is_floating_point_v<T>) {
    switch (op) {
      case UnaryOp::Exp: return exp(v);
      case UnaryOp::Log: return log(v);
      case UnaryOp::Sqrt: return sqrt(v);
      case UnaryOp::Rsqrt: return rsqrt(v);
      case UnaryOp::Tanh: return tanh(v);
      case UnaryOp::Gelu: return T(0.5) * v * (T(1) + erf(v * T(0.70710678118654752)));
      default: break;
    }
  }
  return v;
}

template <class T>
MSSAR_UNARY_PROGRAM T unary_derivative(UnaryOp op, T v, T y, double lo, double hi) {
  switch (op) {
    case UnaryOp::Neg: return T(-1);
    case UnaryOp::Abs: return v > T(0) ? T(1) : (v < T(0) ? T(-1) : T(0));
    case UnaryOp::Exp: return y;
    case UnaryOp::Log: return T(1) / v;
    case UnaryOp::Sqrt: return T(0.5) / y;
    case UnaryOp::Rsqrt: return T(-0.5) * y * y * y;
    case UnaryOp::Tanh: return T(1) - y * y;
    case UnaryOp::Gelu:
      return T(0.5) * (T(1) + erf(v * T(0.70710678118654752))) + v * exp(T(-0.5) * v * v) * T(0.39894228040143268);
    case UnaryOp::Clamp: return (double(v) >= lo && double(v) <= hi) ? T(1) : T(0);
  }
  return T(0);
}

template <class T>
MSSAR_UNARY_PROGRAM void unary_forward_element(T* y, const T* x, UnaryOp op, double lo, double hi, long long i) {
  y[i] = unary_value(op, x[i], lo, hi);
}

template <class T>
MSSAR_UNARY_PROGRAM void unary_backward_element(T* dx, const T* dy, const T* x, const T* y, UnaryOp op, double lo,
                                                double hi, long long i) {
  dx[i] = dy[i] * unary_derivative(op, x[i], y[i], lo, hi);
}

}  // namespace mssar::cuda
