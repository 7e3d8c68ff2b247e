// batch_norm2d over [N, C, H, W], per channel c, with n = N * H * W values per channel:
//   training: mean_c and the biased var_c of the batch; y = (x - mean_c) invstd_c w_c + b_c with
//             invstd_c = 1 / sqrt(var_c + eps); running stats (when given) are updated in place:
//             r = (1 - momentum) r + momentum s, with the unbiased var_c n / (n - 1) for the variance.
//   eval:     the same with mean_c = running_mean_c and var_c = running_var_c.
// weight and bias are optional ([C], 1 and 0 when missing). The forward returns the mean and invstd
// it used; the backward takes them (in eval mode they are constants, so dx = dy w invstd).
//
// One value per channel (n = 1) in training: var = 0, so y = b (the normalized value is exactly 0)
// and dx = 0. Updating the running variance from it would need n / (n - 1): that is an Error.
//
// batch_norm_relu2d: y = max(batch_norm2d(x), 0) in one pass; its backward takes the ReLU's mask
// from y (dy counts where y > 0), so it needs y besides what batch_norm2d's backward needs.
//
// x may come in any layout on the cpu (y and dx keep it; dy and y are brought to it); the cuda and
// reference kernels take plain tensors.
#pragma once
#include <tuple>

#include "../core/dispatch.h"

namespace mssar {

// running_mean and running_var are both defined or both undefined; weight and bias may be
// undefined. Statistics are accumulated in double whatever the dtype.
MSSAR_DECLARE_KERNEL(batch_norm2d_forward,
                     void(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean, Tensor& running_var,
                          const Tensor& x, const Tensor& weight, const Tensor& bias, bool training, double momentum,
                          double eps))
// dx, dweight, dbias: each undefined when not needed. dweight is computed even without a weight
// (the gradient of an implicit weight of ones).
MSSAR_DECLARE_KERNEL(batch_norm2d_backward,
                     void(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                          const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd, bool training))

MSSAR_DECLARE_KERNEL(batch_norm_relu2d_forward,
                     void(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean, Tensor& running_var,
                          const Tensor& x, const Tensor& weight, const Tensor& bias, bool training, double momentum,
                          double eps))
MSSAR_DECLARE_KERNEL(batch_norm_relu2d_backward,
                     void(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& y,
                          const Tensor& x, const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd,
                          bool training))

// Returns [y, save_mean, save_invstd].
std::tuple<Tensor, Tensor, Tensor> batch_norm2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias,
                                                        const Tensor& running_mean, const Tensor& running_var,
                                                        bool training, double momentum, double eps);
// needs: [dx, dweight, dbias]; returns undefined tensors for the others.
std::tuple<Tensor, Tensor, Tensor> batch_norm2d_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                                         const Tensor& save_mean, const Tensor& save_invstd,
                                                         bool training, const std::vector<bool>& needs);

std::tuple<Tensor, Tensor, Tensor> batch_norm_relu2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias,
                                                             const Tensor& running_mean, const Tensor& running_var,
                                                             bool training, double momentum, double eps);
std::tuple<Tensor, Tensor, Tensor> batch_norm_relu2d_backward(const Tensor& dy, const Tensor& y, const Tensor& x,
                                                              const Tensor& weight, const Tensor& save_mean,
                                                              const Tensor& save_invstd, bool training,
                                                              const std::vector<bool>& needs);

}  // namespace mssar
