// dropout: keeps element i with probability 1 - p and scales it by 1 / (1 - p). Element i is kept
// when philox_uniform(seed, offset, i) > p, with (seed, offset) reserved from the global generator,
// so every backend draws the same mask for the same generator state. The mask holds the factor
// applied to each element (0 or 1 / (1 - p)), in x's dtype and layout: y = x mask, dx = dy mask.
#pragma once
#include <cstdint>
#include <utility>

#include "../core/dispatch.h"
#include "../core/philox.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(dropout_forward,
                     void(Tensor& y, Tensor& mask, const Tensor& x, double p, uint64_t seed, uint64_t offset))
MSSAR_DECLARE_KERNEL(dropout_backward, void(Tensor& dx, const Tensor& dy, const Tensor& mask))

// The keep rule of element i, on every backend.
MSSAR_HD bool dropout_keep(uint64_t seed, uint64_t offset, uint64_t i, double p) {
  return philox_uniform(seed, offset, i) > p;
}

// p in [0, 1). Returns [y, mask].
std::pair<Tensor, Tensor> dropout_forward(const Tensor& x, double p);
Tensor dropout_backward(const Tensor& dy, const Tensor& mask);

}  // namespace mssar
