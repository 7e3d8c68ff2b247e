// globalAvgPool2dForward(x) -> y [N, C, 1, 1]; globalAvgPool2dBackward(dy, inputShape, layout?) -> dx
#include "../native/ops/global_avg_pool2d.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value global_avg_pool2d_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "globalAvgPool2dForward", 1);
  return TensorWrap::wrap(info.Env(), global_avg_pool2d_forward(a.tensor(0, "x")));
}
MSSAR_BIND_OP("globalAvgPool2dForward", global_avg_pool2d_forward_entry)

Napi::Value global_avg_pool2d_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "globalAvgPool2dBackward", 2, 3);
  const Layout layout = a.present(2) ? a.layout(2, "layout") : Layout::Plain;
  return TensorWrap::wrap(info.Env(),
                          global_avg_pool2d_backward(a.tensor(0, "dy"), a.shape(1, "inputShape"), layout));
}
MSSAR_BIND_OP("globalAvgPool2dBackward", global_avg_pool2d_backward_entry)

}  // namespace

}  // namespace mssar::binding
