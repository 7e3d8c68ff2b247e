// batchNorm2dForward(x, weight|null, bias|null, runningMean|null, runningVar|null, training, momentum, eps)
//   -> [y, saveMean, saveInvstd]
// batchNorm2dBackward(dy, x, weight|null, saveMean, saveInvstd, training, needs) -> [dx, dweight, dbias]
#include "../native/ops/batch_norm2d.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value batch_norm2d_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "batchNorm2dForward", 8);
  auto [y, mean, invstd] = batch_norm2d_forward(
      a.tensor(0, "x"), a.optional_tensor(1, "weight"), a.optional_tensor(2, "bias"),
      a.optional_tensor(3, "runningMean"), a.optional_tensor(4, "runningVar"), a.boolean(5, "training"),
      a.number(6, "momentum"), a.number(7, "eps"));
  return tensor_tuple(info.Env(), {y, mean, invstd});
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

}  // namespace

}  // namespace mssar::binding
