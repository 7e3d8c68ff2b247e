// The unary elementwise ops, one op family: y = f(x), same shape and dtype, plain layout.
//   neg, abs, clamp(lo, hi)           float32, float64, int32, int64
//   exp, log, sqrt, rsqrt, tanh, gelu  float32, float64 (exact gelu: x * Phi(x))
// backward: dx = dy * f'(x), from x and the forward's y (clamp's gradient is 1 for lo <= x <= hi).
// sigmoid and relu keep their own ops (sigmoid.h, relu.h), which also keep blocked layouts.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

enum class UnaryOp : uint8_t { Neg, Abs, Exp, Log, Sqrt, Rsqrt, Tanh, Gelu, Clamp };

const char* unary_op_name(UnaryOp op);
bool unary_op_from_name(const std::string& name, UnaryOp& op);
inline bool unary_takes_ints(UnaryOp op) { return op == UnaryOp::Neg || op == UnaryOp::Abs || op == UnaryOp::Clamp; }

// lo and hi are clamp's bounds (-inf and +inf for none); the other ops ignore them.
MSSAR_DECLARE_KERNEL(unary_forward, void(Tensor& y, const Tensor& x, UnaryOp op, double lo, double hi))
MSSAR_DECLARE_KERNEL(unary_backward,
                     void(Tensor& dx, const Tensor& dy, const Tensor& x, const Tensor& y, UnaryOp op, double lo, double hi))

Tensor unary_forward(UnaryOp op, const Tensor& x, double lo, double hi);
Tensor unary_backward(UnaryOp op, const Tensor& dy, const Tensor& x, const Tensor& y, double lo, double hi);

}  // namespace mssar
