// max and min over a set of dims, with the position of the extremum: the family behind the public
// max, min, argmax and argmin. `indices` (int64) count the reduced elements of each output in
// row-major order over the reduced dims (over one dim: the index along it, as in PyTorch). The first
// extremum wins ties; NaN counts as larger and smaller than every number (it propagates).
//   backward  dx = 0 except dx[the extremum of output o] = dy[o]
#pragma once
#include <vector>

#include "../core/dispatch.h"
#include "sum.h"

namespace mssar {

// `dims` sorted, unique, in range; x and the outputs non-empty, no reduced dim of size 0.
MSSAR_DECLARE_KERNEL(extremum_forward, void(Tensor& values, Tensor& indices, const Tensor& x,
                                            const std::vector<int64_t>& dims, bool is_min))
MSSAR_DECLARE_KERNEL(extremum_backward, void(Tensor& dx, const Tensor& dy, const Tensor& indices,
                                             const std::vector<int64_t>& dims))

// Returns {values, indices}, both of the reduced shape. Reducing over no elements is an Error.
std::pair<Tensor, Tensor> extremum_forward(const Tensor& x, const std::vector<int64_t>& dims, bool keep_dim, bool is_min);
Tensor extremum_backward(const Tensor& dy, const Tensor& indices, const Shape& input_shape,
                         const std::vector<int64_t>& dims, bool keep_dim);

}  // namespace mssar
