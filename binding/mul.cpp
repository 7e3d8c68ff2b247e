// mulForward(a, b) -> y; mulBackward(dy, a, b, needs: [da, db]) -> [da | null, db | null]
#include "../native/ops/mul.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value mul_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mulForward", 2);
  return TensorWrap::wrap(info.Env(), mul_forward(a.tensor(0, "a"), a.tensor(1, "b")));
}
MSSAR_BIND_OP("mulForward", mul_forward_entry)

Napi::Value mul_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mulBackward", 4);
  const Tensor& dy = a.tensor(0, "dy");
  const Tensor& x = a.tensor(1, "a");
  const Tensor& y = a.tensor(2, "b");
  std::vector<bool> need = a.flags(3, "needs", 2);
  auto [da, db] = mul_backward(dy, x, y, need[0], need[1]);
  return tensor_tuple(info.Env(), {da, db});
}
MSSAR_BIND_OP("mulBackward", mul_backward_entry)

}  // namespace

}  // namespace mssar::binding
