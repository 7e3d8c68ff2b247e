// One SGD step with momentum (PyTorch's formulation), in place on the parameter and its buffer:
//   g = grad + weight_decay * param
//   buf = first ? g : momentum * buf + (1 - dampening) * g       (when momentum != 0)
//   step = momentum == 0 ? g : nesterov ? g + momentum * buf : buf
//   param -= lr * step
#pragma once
#include "../core/dispatch.h"

namespace mssar {

struct SgdOptions {
  double lr = 0, momentum = 0, dampening = 0, weight_decay = 0;
  bool nesterov = false, first = false;
};

// buf is undefined when momentum is 0.
MSSAR_DECLARE_KERNEL(sgd_step, void(Tensor& param, Tensor& buf, const Tensor& grad, const SgdOptions& opt))

// momentum_buf may be undefined when momentum is 0 (it is not used then).
void sgd_step(Tensor& param, const Tensor& grad, Tensor& momentum_buf, const SgdOptions& opt);

}  // namespace mssar
