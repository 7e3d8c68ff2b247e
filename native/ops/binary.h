// The binary elementwise ops with NumPy broadcasting, one op family: y = f(a, b), a and b of one
// dtype (the TypeScript layer promotes them first, docs/tensors.md), any shapes that broadcast.
// Arithmetic (add, sub, mul, div, pow, maximum, minimum) gives a's dtype; comparisons (eq, ne, lt,
// le, gt, ge) give bool. div and pow take floats only; bool has comparisons only. Their gradients
// are composed from these forwards and `sum` in src/functional/binary.ts. Plain layout (a blocked
// operand is made plain); the layout-keeping add and mul of the networks stay in add.h and mul.h.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

enum class BinaryOp : uint8_t { Add, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge };

// The public name ("maximum"), or nullptr for an unknown name / a BinaryOp from its name.
const char* binary_op_name(BinaryOp op);
bool binary_op_from_name(const std::string& name, BinaryOp& op);
inline bool is_comparison(BinaryOp op) { return op >= BinaryOp::Eq; }

// `y` is preallocated with the broadcast shape; the kernels never see an empty output.
MSSAR_DECLARE_KERNEL(binary_forward, void(Tensor& y, const Tensor& a, const Tensor& b, BinaryOp op))

Tensor binary_forward(BinaryOp op, const Tensor& a, const Tensor& b);

}  // namespace mssar
