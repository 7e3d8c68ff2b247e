// linear: y[n, o] = b[o] + sum_i x[n, i] w[o, i]; x [N, in], w [out, in], b [out] or none.
// Backward: dx = dy w, dw = dy^T x, db = sum over n of dy.
#pragma once
#include <array>

#include "../core/dispatch.h"

namespace mssar {

// Outputs preallocated; the backward writes (=) the gradients that are defined.
MSSAR_DECLARE_KERNEL(linear_forward, void(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b))
MSSAR_DECLARE_KERNEL(linear_backward, void(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x,
                                           const Tensor& w))

Tensor linear_forward(const Tensor& x, const Tensor& w, const Tensor& b);
// need: {dx, dw, db}; undefined tensors for those not needed (db also when !has_bias).
std::array<Tensor, 3> linear_backward(const Tensor& dy, const Tensor& x, const Tensor& w, bool has_bias,
                                      std::array<bool, 3> need);

}  // namespace mssar
