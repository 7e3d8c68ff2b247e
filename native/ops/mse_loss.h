// mse_loss: the squared differences of a and b (same shape): 'none' (a - b)^2 elementwise, 'sum'
// their sum, 'mean' their mean. Backward: da = 2 (a - b) g (/ n for 'mean'), db = -da.
#pragma once
#include <array>

#include "../core/dispatch.h"
#include "nll_loss.h"

namespace mssar {

// The kernels never see empty tensors.
MSSAR_DECLARE_KERNEL(mse_loss_forward, void(Tensor& loss, const Tensor& a, const Tensor& b, Reduction reduction))
// Writes da and db where defined.
MSSAR_DECLARE_KERNEL(mse_loss_backward, void(Tensor& da, Tensor& db, const Tensor& dloss, const Tensor& a,
                                             const Tensor& b, Reduction reduction))

Tensor mse_loss_forward(const Tensor& a, const Tensor& b, Reduction reduction);
std::array<Tensor, 2> mse_loss_backward(const Tensor& dloss, const Tensor& a, const Tensor& b, Reduction reduction,
                                        std::array<bool, 2> need);

}  // namespace mssar
