#include "batch_norm2d.h"

#include "checks.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(batch_norm2d_forward)
MSSAR_DEFINE_KERNEL(batch_norm2d_backward)

namespace {
// An optional per-channel tensor: undefined, or [C] of x's dtype.
void check_channel_vector(const char* op, const char* name, const Tensor& t, const Tensor& x) {
  if (!t.defined()) return;
  check_float(op, name, t);
  check_same_dtype(op, "x", x, name, t);
  MSSAR_CHECK(t.ndim() == 1 && t.size(0) == x.size(1), op, ": ", name, " must have shape [", x.size(1),
              "] (the channels of x ", x.describe(), "), got ", t.describe());
}
}  // namespace

std::tuple<Tensor, Tensor, Tensor> batch_norm2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias,
                                                        const Tensor& running_mean, const Tensor& running_var,
                                                        bool training, double momentum, double eps) {
  const char* op = "batch_norm2d";
  check_float(op, "x", x);
  check_ndim(op, "x", x, 4, "[N, C, H, W]");
  check_plain(op, "x", x);
  check_channel_vector(op, "weight", weight, x);
  check_channel_vector(op, "bias", bias, x);
  check_channel_vector(op, "runningMean", running_mean, x);
  check_channel_vector(op, "runningVar", running_var, x);
  MSSAR_CHECK(running_mean.defined() == running_var.defined(), op,
              ": runningMean and runningVar must be given together, got ", running_mean.describe(), " and ",
              running_var.describe());
  MSSAR_CHECK(eps > 0, op, ": eps must be > 0, got ", eps);
  MSSAR_CHECK(momentum >= 0 && momentum <= 1, op, ": momentum must be in [0, 1], got ", momentum);
  const int64_t n = x.size(0) * x.size(2) * x.size(3);
  if (training) {
    MSSAR_CHECK(n >= 1, op, ": training needs at least one value per channel, got x ", x.describe());
    MSSAR_CHECK(!running_mean.defined() || n >= 2, op,
                ": the running variance cannot be updated from 1 value per channel (its unbiased estimate "
                "divides by n - 1 = 0), got x ",
                x.describe());
  } else {
    MSSAR_CHECK(running_mean.defined(), op, ": eval mode (training false) needs runningMean and runningVar, for x ",
                x.describe());
  }
  Backend b = select_backend(op, {&x, &weight, &bias, &running_mean, &running_var});
  Tensor y = Tensor::empty_like(x);
  Tensor save_mean = Tensor::empty({x.size(1)}, x.dtype(), x.device());
  Tensor save_invstd = Tensor::empty({x.size(1)}, x.dtype(), x.device());
  Tensor rm = running_mean, rv = running_var;
  batch_norm2d_forward_kernels()[b](y, save_mean, save_invstd, rm, rv, x, weight, bias, training, momentum, eps);
  return {y, save_mean, save_invstd};
}

std::tuple<Tensor, Tensor, Tensor> batch_norm2d_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                                         const Tensor& save_mean, const Tensor& save_invstd,
                                                         bool training, const std::vector<bool>& needs) {
  const char* op = "batch_norm2d_backward";
  check_float(op, "x", x);
  check_ndim(op, "x", x, 4, "[N, C, H, W]");
  check_plain(op, "x", x);
  check_like(op, "x", x, "dy", dy);
  check_same_shape(op, "x", x, "dy", dy);
  check_plain(op, "dy", dy);
  check_channel_vector(op, "weight", weight, x);
  check_defined(op, "saveMean", save_mean);
  check_defined(op, "saveInvstd", save_invstd);
  check_channel_vector(op, "saveMean", save_mean, x);
  check_channel_vector(op, "saveInvstd", save_invstd, x);
  MSSAR_CHECK(needs.size() == 3, op, ": needs must have 3 flags [dx, dweight, dbias], got ", needs.size());
  Backend b = select_backend(op, {&dy, &x, &weight, &save_mean, &save_invstd});
  Tensor dx, dweight, dbias;
  if (needs[0]) dx = Tensor::empty_like(x);
  if (needs[1]) dweight = Tensor::empty({x.size(1)}, x.dtype(), x.device());
  if (needs[2]) dbias = Tensor::empty({x.size(1)}, x.dtype(), x.device());
  if (needs[0] || needs[1] || needs[2])
    batch_norm2d_backward_kernels()[b](dx, dweight, dbias, dy, x, weight, save_mean, save_invstd, training);
  return {dx, dweight, dbias};
}

}  // namespace mssar
