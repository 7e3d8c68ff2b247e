// whereForward(cond, a, b) -> y (native/ops/where.h); its gradients run on this forward.
#include "../native/ops/where.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value where_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "whereForward", 3);
  return TensorWrap::wrap(info.Env(), where_forward(a.tensor(0, "cond"), a.tensor(1, "a"), a.tensor(2, "b")));
}
MSSAR_BIND_OP("whereForward", where_forward_entry)

}  // namespace

}  // namespace mssar::binding
