// permute: y = x with its dims reordered, y.shape[d] = x.shape[perm[d]] (a new contiguous tensor;
// transpose is a permute of two dims). Backward: dx = permute(dy, the inverse of perm).
// Any dtype; layouts: x is made plain.
#pragma once
#include <vector>

#include "../core/dispatch.h"
#include "strided.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(permute_forward, void(Tensor& y, const Tensor& x, const StridedMap& map))

Tensor permute_forward(const Tensor& x, const std::vector<int64_t>& perm);
Tensor permute_backward(const Tensor& dy, const std::vector<int64_t>& perm);

}  // namespace mssar
