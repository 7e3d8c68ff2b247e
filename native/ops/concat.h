// concat: joins plain tensors along `dim` (every other size equal). The backward splits dy back
// into pieces of the inputs' sizes along `dim`.
#pragma once
#include <vector>

#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(concat_forward, void(Tensor& y, const std::vector<Tensor>& xs, int64_t dim))
MSSAR_DECLARE_KERNEL(concat_backward, void(std::vector<Tensor>& dxs, const Tensor& dy, int64_t dim))

Tensor concat_forward(const std::vector<Tensor>& xs, int64_t dim);
std::vector<Tensor> concat_backward(const Tensor& dy, const std::vector<int64_t>& sizes, int64_t dim);

// A row-major tensor seen around `dim`: `outer` rows (the dims before it), each holding one run
// per piece; piece i's run is its size along dim times `inner` (the dims after it), starting at
// `offset[i]` within the row of `row` elements.
struct ConcatGeometry {
  int64_t outer = 1, inner = 1, row = 0;
  std::vector<int64_t> run, offset;
};
ConcatGeometry concat_geometry(const Shape& shape, const std::vector<int64_t>& sizes, int64_t dim);

}  // namespace mssar
