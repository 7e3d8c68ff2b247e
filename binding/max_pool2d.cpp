// maxPool2dForward(x, kernel, stride, padding, ceilMode) -> [y, indices]
// maxPool2dBackward(dy, indices, inputShape) -> dx
#include "../native/ops/max_pool2d.h"

#include "args.h"
#include "pool2d_args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value max_pool2d_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "maxPool2dForward", 5);
  const Tensor& x = a.tensor(0, "x");
  auto [y, indices] = max_pool2d_forward(x, pool2d_args(a, 1));
  return tensor_tuple(info.Env(), {y, indices});
}
MSSAR_BIND_OP("maxPool2dForward", max_pool2d_forward_entry)

Napi::Value max_pool2d_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "maxPool2dBackward", 3);
  return TensorWrap::wrap(info.Env(), max_pool2d_backward(a.tensor(0, "dy"), a.tensor(1, "indices"),
                                                          a.shape(2, "inputShape")));
}
MSSAR_BIND_OP("maxPool2dBackward", max_pool2d_backward_entry)

}  // namespace

}  // namespace mssar::binding
