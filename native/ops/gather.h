// gather: y has index's shape and y[..i_dim..] = x[..index[..i_dim..]..] (PyTorch's gather:
// index has x's number of dims, index.shape[d] <= x.shape[d] for d != dim, values in
// [0, x.shape[dim])). Backward: dx zero, dy added where each element came from. x float; index
// int32 (native/core/index_values.h).
#pragma once
#include "../core/dispatch.h"
#include "index_geometry.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(gather_forward, void(Tensor& y, const Tensor& x, const Tensor& index, const IndexGeometry& g))
// dx arrives zeroed; the kernel adds dy into it.
MSSAR_DECLARE_KERNEL(gather_backward, void(Tensor& dx, const Tensor& dy, const Tensor& index, const IndexGeometry& g))

Tensor gather_forward(const Tensor& x, int64_t dim, const Tensor& index);
Tensor gather_backward(const Tensor& dy, const Shape& input_shape, int64_t dim, const Tensor& index);

}  // namespace mssar
