// indexSelect: y = x with dim `dim` replaced by the entries index[j] (a 1-d index tensor, values in
// [0, x.shape[dim])): y[.., j, ..] = x[.., index[j], ..]. Backward: dx zero, dy added at the rows it
// came from (repeated indices add up). x float; index int32 (native/core/index_values.h).
#pragma once
#include "../core/dispatch.h"
#include "index_geometry.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(index_select_forward, void(Tensor& y, const Tensor& x, const Tensor& index, const IndexGeometry& g))
// dx arrives zeroed; the kernel adds dy into it.
MSSAR_DECLARE_KERNEL(index_select_backward,
                     void(Tensor& dx, const Tensor& dy, const Tensor& index, const IndexGeometry& g))

Tensor index_select_forward(const Tensor& x, int64_t dim, const Tensor& index);
Tensor index_select_backward(const Tensor& dy, const Shape& input_shape, int64_t dim, const Tensor& index);

}  // namespace mssar
