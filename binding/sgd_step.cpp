// sgdStep(param, grad, momentumBuf | null, lr, momentum, dampening, weightDecay, nesterov, first):
// in place on param and momentumBuf.
#include "../native/ops/sgd_step.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value sgd_step_entry(const Napi::CallbackInfo& info) {
  Args a(info, "sgdStep", 9);
  Tensor param = a.tensor(0, "param");
  const Tensor& grad = a.tensor(1, "grad");
  Tensor buf = a.optional_tensor(2, "momentumBuf");
  SgdOptions opt;
  opt.lr = a.number(3, "lr");
  opt.momentum = a.number(4, "momentum");
  opt.dampening = a.number(5, "dampening");
  opt.weight_decay = a.number(6, "weightDecay");
  opt.nesterov = a.boolean(7, "nesterov");
  opt.first = a.boolean(8, "first");
  sgd_step(param, grad, buf, opt);
  return info.Env().Undefined();
}
MSSAR_BIND("sgdStep", sgd_step_entry)

}  // namespace

}  // namespace mssar::binding
