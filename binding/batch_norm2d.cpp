// batchNorm2dForward(x, weight|null, bias|null, runningMean|null, runningVar|null, training, momentum, eps)
//   -> [y, saveMean, saveInvstd]
// batchNorm2dBackward(dy, x, weight|null, saveMean, saveInvstd, training, needs) -> [dx, dweight, dbias]
// batchNormRelu2dForward(...) as batchNorm2dForward; batchNormRelu2dBackward(dy, y, x, weight|null, saveMean,
//   saveInvstd, training, needs) -> [dx, dweight, dbias]
#include "../native/ops/batch_norm2d.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

using ForwardFn = std::tuple<Tensor, Tensor, Tensor> (*)(const Tensor&, const Tensor&, const Tensor&, const Tensor&,
                                                         const Tensor&, bool, double, double);

Napi::Value forward_entry(const Napi::CallbackInfo& info, const char* entry, ForwardFn fn) {
  Args a(info, entry, 8);
  auto [y, mean, invstd] = fn(a.tensor(0, "x"), a.optional_tensor(1, "weight"), a.optional_tensor(2, "bias"),
                              a.optional_tensor(3, "runningMean"), a.optional_tensor(4, "runningVar"),
                              a.boolean(5, "training"), a.number(6, "momentum"), a.number(7, "eps"));
  return tensor_tuple(info.Env(), {y, mean, invstd});
}

Napi::Value batch_norm2d_forward_entry(const Napi::CallbackInfo& info) {
  return forward_entry(info, "batchNorm2dForward", batch_norm2d_forward);
}
MSSAR_BIND_OP("batchNorm2dForward", batch_norm2d_forward_entry)

Napi::Value batch_norm2d_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "batchNorm2dBackward", 7);
  const Tensor& dy = a.tensor(0, "dy");
  const Tensor& x = a.tensor(1, "x");
  Tensor weight = a.optional_tensor(2, "weight");
  const Tensor& mean = a.tensor(3, "saveMean");
  const Tensor& invstd = a.tensor(4, "saveInvstd");
  const bool training = a.boolean(5, "training");
  std::vector<bool> needs = a.flags(6, "needs", 3);
  auto [dx, dweight, dbias] = batch_norm2d_backward(dy, x, weight, mean, invstd, training, needs);
  return tensor_tuple(info.Env(), {dx, dweight, dbias});
}
MSSAR_BIND_OP("batchNorm2dBackward", batch_norm2d_backward_entry)

Napi::Value batch_norm_relu2d_forward_entry(const Napi::CallbackInfo& info) {
  return forward_entry(info, "batchNormRelu2dForward", batch_norm_relu2d_forward);
}
MSSAR_BIND_OP("batchNormRelu2dForward", batch_norm_relu2d_forward_entry)

Napi::Value batch_norm_relu2d_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "batchNormRelu2dBackward", 8);
  const Tensor& dy = a.tensor(0, "dy");
  const Tensor& y = a.tensor(1, "y");
  const Tensor& x = a.tensor(2, "x");
  Tensor weight = a.optional_tensor(3, "weight");
  const Tensor& mean = a.tensor(4, "saveMean");
  const Tensor& invstd = a.tensor(5, "saveInvstd");
  const bool training = a.boolean(6, "training");
  std::vector<bool> needs = a.flags(7, "needs", 3);
  auto [dx, dweight, dbias] = batch_norm_relu2d_backward(dy, y, x, weight, mean, invstd, training, needs);
  return tensor_tuple(info.Env(), {dx, dweight, dbias});
}
MSSAR_BIND_OP("batchNormRelu2dBackward", batch_norm_relu2d_backward_entry)

}  // namespace

}  // namespace mssar::binding
