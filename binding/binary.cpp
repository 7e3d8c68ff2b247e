// binaryForward(a, b, op) -> y: op one of add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le,
// gt, ge (native/ops/binary.h). Their gradients are composed in TypeScript from this forward.
#include "../native/ops/binary.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value binary_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "binaryForward", 3);
  BinaryOp op;
  if (!binary_op_from_name(a.string(2, "op"), op)) a.fail(2, "op", "the name of a binary op (add, sub, ..., ge)");
  return TensorWrap::wrap(info.Env(), binary_forward(op, a.tensor(0, "a"), a.tensor(1, "b")));
}
MSSAR_BIND_OP("binaryForward", binary_forward_entry)

}  // namespace

}  // namespace mssar::binding
