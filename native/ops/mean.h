// mean over a set of dims: sum scaled by 1 / (number of elements averaged); runs on the sum kernels.
#pragma once
#include "sum.h"

namespace mssar {

Tensor mean_forward(const Tensor& x, const std::vector<int64_t>& dims, bool keep_dim);
Tensor mean_backward(const Tensor& dy, const Shape& input_shape, const std::vector<int64_t>& dims, bool keep_dim);

}  // namespace mssar
