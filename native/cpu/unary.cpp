// The unary elementwise ops on the CPU: one vectorized pass each (the float32 exp, tanh and erf of
// vec_math.h; log and sqrt from the C library).
#include "../ops/unary.h"

#include <cmath>
#include <limits>
#include <type_traits>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "vec_math.h"

namespace mssar::cpu {

namespace {

constexpr int64_t kGrain = 1 << 14;

template <class T, class F>
void map(T* y, const T* x, int64_t n, F f) {
  parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
#pragma omp simd
    for (int64_t i = b; i < e; ++i) y[i] = f(x[i]);
  });
}

template <class T, class F>
void map_grad(T* dx, const T* dy, const T* x, const T* y, int64_t n, F f) {
  parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
#pragma omp simd
    for (int64_t i = b; i < e; ++i) dx[i] = dy[i] * f(x[i], y[i]);
  });
}

}  // namespace

void unary_forward(Tensor& y, const Tensor& x, UnaryOp op, double lo, double hi) {
  const char* name = unary_op_name(op);
  const int64_t n = x.numel();
  dispatch_numeric(x.dtype(), name, [&](auto tag_) {
    using T = decltype(tag_);
    const T* in = x.data<T>();
    T* out = y.data<T>();
    switch (op) {
      case UnaryOp::Neg: return map(out, in, n, [](T v) { return T(-v); });
      case UnaryOp::Abs: return map(out, in, n, [](T v) { return v < 0 ? T(-v) : v; });
      case UnaryOp::Clamp: {
        T l = T(lo), h = T(hi);
        if constexpr (!std::is_floating_point_v<T>) {  // integer bounds past the dtype's range clamp nothing there
          l = lo <= double(std::numeric_limits<T>::lowest()) ? std::numeric_limits<T>::lowest() : T(std::ceil(lo));
          h = hi >= double(std::numeric_limits<T>::max()) ? std::numeric_limits<T>::max() : T(std::floor(hi));
        }
        return map(out, in, n, [l, h](T v) { return v < l ? l : (v > h ? h : v); });
      }
      default: break;
    }
    if constexpr (std::is_floating_point_v<T>) {
      switch (op) {
        case UnaryOp::Exp: return map(out, in, n, [](T v) { return exp_simd(v); });
        case UnaryOp::Log: return map(out, in, n, [](T v) { return std::log(v); });
        case UnaryOp::Sqrt: return map(out, in, n, [](T v) { return std::sqrt(v); });
        case UnaryOp::Rsqrt: return map(out, in, n, [](T v) { return T(1) / std::sqrt(v); });
        case UnaryOp::Tanh: return map(out, in, n, [](T v) { return tanh_simd(v); });
        case UnaryOp::Gelu: return map(out, in, n, [](T v) { return gelu_simd(v); });
        default: break;
      }
    }
    fail(name, ": unsupported dtype ", dtype_name(x.dtype()));
  });
}

void unary_backward(Tensor& dx, const Tensor& dy, const Tensor& x, const Tensor& y, UnaryOp op, double lo, double hi) {
  const char* name = unary_op_name(op);
  const int64_t n = x.numel();
  dispatch_float(x.dtype(), name, [&](auto tag_) {
    using T = decltype(tag_);
    T* d = dx.data<T>();
    const T* g = dy.data<T>();
    const T* px = x.data<T>();
    const T* py = y.data<T>();
    switch (op) {
      case UnaryOp::Neg: return map_grad(d, g, px, py, n, [](T, T) { return T(-1); });
      case UnaryOp::Abs: return map_grad(d, g, px, py, n, [](T v, T) { return v > 0 ? T(1) : (v < 0 ? T(-1) : T(0)); });
      case UnaryOp::Exp: return map_grad(d, g, px, py, n, [](T, T u) { return u; });
      case UnaryOp::Log: return map_grad(d, g, px, py, n, [](T v, T) { return T(1) / v; });
      case UnaryOp::Sqrt: return map_grad(d, g, px, py, n, [](T, T u) { return T(0.5) / u; });
      case UnaryOp::Rsqrt: return map_grad(d, g, px, py, n, [](T, T u) { return T(-0.5) * u * u * u; });
      case UnaryOp::Tanh: return map_grad(d, g, px, py, n, [](T, T u) { return T(1) - u * u; });
      case UnaryOp::Gelu:
        return map_grad(d, g, px, py, n, [](T v, T) {
          const T phi = exp_simd(T(-0.5) * v * v) * T(0.39894228040143268);
          return T(0.5) * (T(1) + erf_simd(v * T(0.70710678118654752))) + v * phi;
        });
      case UnaryOp::Clamp:
        return map_grad(d, g, px, py, n, [lo, hi](T v, T) { return (double(v) >= lo && double(v) <= hi) ? T(1) : T(0); });
    }
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(unary_forward, CPU, cpu::unary_forward)
MSSAR_REGISTER_KERNEL(unary_backward, CPU, cpu::unary_backward)
}  // namespace mssar
