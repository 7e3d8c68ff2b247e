// Reference indexSelect, float64: element by element; the backward adds every dy element into the row it came from.
#include "../../ops/index_select.h"

namespace mssar::ref {

void index_select_forward(Tensor& y, const Tensor& x, const Tensor& index, const IndexGeometry& g) {
  const double* X = x.data<double>();
  double* Y = y.data<double>();
  for (int64_t lin = 0; lin < y.numel(); ++lin) {
    const int64_t j = (lin / g.inner) % g.len;
    Y[lin] = X[index_x_offset(g, lin, index_at(index.raw(), index.dtype(), j))];
  }
}

void index_select_backward(Tensor& dx, const Tensor& dy, const Tensor& index, const IndexGeometry& g) {
  const double* DY = dy.data<double>();
  double* DX = dx.data<double>();
  for (int64_t lin = 0; lin < dy.numel(); ++lin) {
    const int64_t j = (lin / g.inner) % g.len;
    DX[index_x_offset(g, lin, index_at(index.raw(), index.dtype(), j))] += DY[lin];
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(index_select_forward, Reference, ref::index_select_forward)
MSSAR_REGISTER_KERNEL(index_select_backward, Reference, ref::index_select_backward)
}  // namespace mssar
