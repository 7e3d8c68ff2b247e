// The unary elementwise ops on CUDA: one thread per element, forward and backward.
#include <type_traits>

#include "../core/dtype_dispatch.h"
#include "../ops/unary.h"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T>
__device__ T unary_value(UnaryOp op, T v, double lo, double hi) {
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
__device__ T unary_derivative(UnaryOp op, T v, T y, double lo, double hi) {
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
__global__ void unary_forward_kernel(T* y, const T* x, long long n, UnaryOp op, double lo, double hi) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    y[i] = unary_value(op, x[i], lo, hi);
}

template <class T>
__global__ void unary_backward_kernel(T* dx, const T* dy, const T* x, const T* y, long long n, UnaryOp op, double lo,
                                      double hi) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    dx[i] = dy[i] * unary_derivative(op, x[i], y[i], lo, hi);
}

}  // namespace

void unary_forward(Tensor& y, const Tensor& x, UnaryOp op, double lo, double hi) {
  const long long n = x.numel();
  dispatch_numeric(x.dtype(), unary_op_name(op), [&](auto tag_) {
    using T = decltype(tag_);
    unary_forward_kernel<T><<<grid_for(n), 256, 0, stream()>>>(y.data<T>(), x.data<T>(), n, op, lo, hi);
  });
  MSSAR_CUDA_LAUNCHED(unary_op_name(op));
}

void unary_backward(Tensor& dx, const Tensor& dy, const Tensor& x, const Tensor& y, UnaryOp op, double lo, double hi) {
  const long long n = x.numel();
  dispatch_float(x.dtype(), unary_op_name(op), [&](auto tag_) {
    using T = decltype(tag_);
    unary_backward_kernel<T><<<grid_for(n), 256, 0, stream()>>>(dx.data<T>(), dy.data<T>(), x.data<T>(), y.data<T>(), n,
                                                                 op, lo, hi);
  });
  MSSAR_CUDA_LAUNCHED(unary_op_name(op));
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(unary_forward, CUDA, cuda::unary_forward)
MSSAR_REGISTER_KERNEL(unary_backward, CUDA, cuda::unary_backward)
}  // namespace mssar
