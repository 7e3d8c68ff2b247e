// layer_norm over the last D elements of x (x as [rows, D]): mean and rstd = 1 / sqrt(var + eps)
// (biased variance) per row, y = (x - mean) * rstd * weight + bias (weight and bias [D], or none).
// Backward, with xhat = (x - mean) * rstd and g = dy * weight:
//   dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),  dweight = sum over rows of dy * xhat,
//   dbias = sum over rows of dy.
#pragma once
#include <array>

#include "../core/dispatch.h"

namespace mssar {

// mean and rstd are [rows] (float64 for a float64 x, float32 otherwise: x's dtype).
MSSAR_DECLARE_KERNEL(layer_norm_forward, void(Tensor& y, Tensor& mean, Tensor& rstd, const Tensor& x,
                                              const Tensor& weight, const Tensor& bias, int64_t D, double eps))
// Writes the gradients that are defined.
MSSAR_DECLARE_KERNEL(layer_norm_backward, void(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy,
                                               const Tensor& x, const Tensor& mean, const Tensor& rstd,
                                               const Tensor& weight, int64_t D))

// Returns {y, mean, rstd}.
std::array<Tensor, 3> layer_norm_forward(const Tensor& x, const Tensor& weight, const Tensor& bias, int64_t D,
                                         double eps);
// need: {dx, dweight, dbias}.
std::array<Tensor, 3> layer_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& mean, const Tensor& rstd,
                                          const Tensor& weight, bool has_bias, int64_t D, std::array<bool, 3> need);

}  // namespace mssar
