#include "sgd_step.h"

#include <cmath>

#include "checks.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(sgd_step)

void sgd_step(Tensor& param, const Tensor& grad, Tensor& momentum_buf, const SgdOptions& opt) {
  const char* op = "sgdStep";
  check_float(op, "param", param);
  check_like(op, "param", param, "grad", grad);
  check_same_shape(op, "param", param, "grad", grad);
  MSSAR_CHECK(grad.layout() == param.layout(), op, ": param and grad layouts differ: ", param.describe(), " and ",
              grad.describe());
  MSSAR_CHECK(std::isfinite(opt.lr) && opt.lr >= 0, op, ": lr must be >= 0, got ", opt.lr);
  MSSAR_CHECK(std::isfinite(opt.momentum) && opt.momentum >= 0, op, ": momentum must be >= 0, got ", opt.momentum);
  MSSAR_CHECK(std::isfinite(opt.dampening), op, ": dampening must be finite, got ", opt.dampening);
  MSSAR_CHECK(std::isfinite(opt.weight_decay) && opt.weight_decay >= 0, op, ": weightDecay must be >= 0, got ",
              opt.weight_decay);
  MSSAR_CHECK(!opt.nesterov || (opt.momentum > 0 && opt.dampening == 0), op,
              ": nesterov needs momentum > 0 and dampening 0, got momentum ", opt.momentum, ", dampening ",
              opt.dampening);
  Tensor buf;
  if (opt.momentum != 0) {
    MSSAR_CHECK(momentum_buf.defined(), op, ": momentum ", opt.momentum, " needs a momentum buffer like param ",
                param.describe());
    check_like(op, "param", param, "momentumBuf", momentum_buf);
    check_same_shape(op, "param", param, "momentumBuf", momentum_buf);
    MSSAR_CHECK(momentum_buf.layout() == param.layout(), op, ": param and momentumBuf layouts differ: ",
                param.describe(), " and ", momentum_buf.describe());
    MSSAR_CHECK(!momentum_buf.storage() || momentum_buf.storage() != param.storage(), op,
                ": momentumBuf must not share storage with param");
    buf = momentum_buf;
  }
  Backend b = select_backend(op, {&param, &grad, &buf});
  if (param.numel() == 0) return;
  sgd_step_kernels()[b](param, buf, grad, opt);
}

}  // namespace mssar
