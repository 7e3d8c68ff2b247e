// Reference unary elementwise ops, float64 (integers read as float64), straight from the math.
#include "../../ops/unary.h"

#include <cmath>

#include "../../core/dtype_dispatch.h"

namespace mssar::ref {

namespace {

double value(UnaryOp op, double v, double lo, double hi) {
  switch (op) {
    case UnaryOp::Neg: return -v;
    case UnaryOp::Abs: return std::fabs(v);
    case UnaryOp::Exp: return std::exp(v);
    case UnaryOp::Log: return std::log(v);
    case UnaryOp::Sqrt: return std::sqrt(v);
    case UnaryOp::Rsqrt: return 1.0 / std::sqrt(v);
    case UnaryOp::Tanh: return std::tanh(v);
    case UnaryOp::Gelu: return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0)));
    case UnaryOp::Clamp: return std::min(std::max(v, lo), hi);
  }
  return NAN;
}

double derivative(UnaryOp op, double v, double lo, double hi) {
  const double pi = 3.14159265358979323846;
  switch (op) {
    case UnaryOp::Neg: return -1;
    case UnaryOp::Abs: return v > 0 ? 1 : v < 0 ? -1 : 0;
    case UnaryOp::Exp: return std::exp(v);
    case UnaryOp::Log: return 1 / v;
    case UnaryOp::Sqrt: return 0.5 / std::sqrt(v);
    case UnaryOp::Rsqrt: return -0.5 * std::pow(v, -1.5);
    case UnaryOp::Tanh: return 1 - std::tanh(v) * std::tanh(v);
    case UnaryOp::Gelu: return 0.5 * (1 + std::erf(v / std::sqrt(2.0))) + v * std::exp(-v * v / 2) / std::sqrt(2 * pi);
    case UnaryOp::Clamp: return v >= lo && v <= hi ? 1 : 0;
  }
  return NAN;
}

}  // namespace

void unary_forward(Tensor& y, const Tensor& x, UnaryOp op, double lo, double hi) {
  dispatch_numeric(x.dtype(), unary_op_name(op), [&](auto tag_) {
    using T = decltype(tag_);
    const T* in = x.data<T>();
    T* out = y.data<T>();
    for (int64_t i = 0; i < x.numel(); ++i) out[i] = T(value(op, double(in[i]), lo, hi));
  });
}

void unary_backward(Tensor& dx, const Tensor& dy, const Tensor& x, const Tensor& y, UnaryOp op, double lo, double hi) {
  const double* g = dy.data<double>();
  const double* in = x.data<double>();
  double* d = dx.data<double>();
  for (int64_t i = 0; i < x.numel(); ++i) d[i] = g[i] * derivative(op, in[i], lo, hi);
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(unary_forward, Reference, ref::unary_forward)
MSSAR_REGISTER_KERNEL(unary_backward, Reference, ref::unary_backward)
}  // namespace mssar
