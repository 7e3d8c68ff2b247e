// matmulForward(a, b) -> y
// matmulBackward(dy, a, b, needs) -> [da|null, db|null]
#include "../native/ops/matmul.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value matmul_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "matmulForward", 2);
  return TensorWrap::wrap(info.Env(), matmul_forward(a.tensor(0, "a"), a.tensor(1, "b")));
}
MSSAR_BIND_OP("matmulForward", matmul_forward_entry)

Napi::Value matmul_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "matmulBackward", 4);
  const Tensor& dy = a.tensor(0, "dy");
  const Tensor& x = a.tensor(1, "a");
  const Tensor& w = a.tensor(2, "b");
  std::vector<bool> f = a.flags(3, "needs", 2);
  auto g = matmul_backward(dy, x, w, {f[0], f[1]});
  return tensor_tuple(info.Env(), {g[0], g[1]});
}
MSSAR_BIND_OP("matmulBackward", matmul_backward_entry)

}  // namespace

}  // namespace mssar::binding
