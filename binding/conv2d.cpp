// conv2dForward(x, w, b|null, stride, padding, dilation, groups) -> y
// conv2dBackward(dy, x, w, hasBias, stride, padding, dilation, groups, needs) -> [dx|null, dw|null, db|null]
#include "../native/ops/conv2d.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Conv2dParams conv_params(const Args& a, size_t first) {
  Conv2dParams p;
  p.stride = a.pair(first, "stride");
  p.padding = a.pair(first + 1, "padding");
  p.dilation = a.pair(first + 2, "dilation");
  p.groups = a.integer(first + 3, "groups");
  return p;
}

Napi::Value conv2d_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "conv2dForward", 7);
  const Tensor& x = a.tensor(0, "x");
  const Tensor& w = a.tensor(1, "w");
  Tensor b = a.optional_tensor(2, "b");
  return TensorWrap::wrap(info.Env(), conv2d_forward(x, w, b, conv_params(a, 3)));
}
MSSAR_BIND_OP("conv2dForward", conv2d_forward_entry)

Napi::Value conv2d_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "conv2dBackward", 9);
  const Tensor& dy = a.tensor(0, "dy");
  const Tensor& x = a.tensor(1, "x");
  const Tensor& w = a.tensor(2, "w");
  bool has_bias = a.boolean(3, "hasBias");
  Conv2dParams p = conv_params(a, 4);
  std::vector<bool> f = a.flags(8, "needs", 3);
  auto g = conv2d_backward(dy, x, w, has_bias, p, {f[0], f[1], f[2]});
  return tensor_tuple(info.Env(), {g[0], g[1], g[2]});
}
MSSAR_BIND_OP("conv2dBackward", conv2d_backward_entry)

}  // namespace

}  // namespace mssar::binding
