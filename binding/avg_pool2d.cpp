// avgPool2dForward(x, kernel, stride, padding, ceilMode, countIncludePad) -> y
// avgPool2dBackward(dy, inputShape, kernel, stride, padding, ceilMode, countIncludePad) -> dx
#include "../native/ops/avg_pool2d.h"

#include "args.h"
#include "pool2d_args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value avg_pool2d_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "avgPool2dForward", 6);
  const Tensor& x = a.tensor(0, "x");
  Pool2dParams p = pool2d_args(a, 1);
  p.count_include_pad = a.boolean(5, "countIncludePad");
  return TensorWrap::wrap(info.Env(), avg_pool2d_forward(x, p));
}
MSSAR_BIND_OP("avgPool2dForward", avg_pool2d_forward_entry)

Napi::Value avg_pool2d_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "avgPool2dBackward", 7);
  const Tensor& dy = a.tensor(0, "dy");
  Shape input_shape = a.shape(1, "inputShape");
  Pool2dParams p = pool2d_args(a, 2);
  p.count_include_pad = a.boolean(6, "countIncludePad");
  return TensorWrap::wrap(info.Env(), avg_pool2d_backward(dy, input_shape, p));
}
MSSAR_BIND_OP("avgPool2dBackward", avg_pool2d_backward_entry)

}  // namespace

}  // namespace mssar::binding
