// Reference gather, float64: element by element; the backward adds every dy element where it came from.
#include "../../ops/gather.h"

namespace mssar::ref {

void gather_forward(Tensor& y, const Tensor& x, const Tensor& index, const IndexGeometry& g) {
  const double* X = x.data<double>();
  double* Y = y.data<double>();
  for (int64_t lin = 0; lin < y.numel(); ++lin) Y[lin] = X[index_x_offset(g, lin, index_at(index.raw(), index.dtype(), lin))];
}

void gather_backward(Tensor& dx, const Tensor& dy, const Tensor& index, const IndexGeometry& g) {
  const double* DY = dy.data<double>();
  double* DX = dx.data<double>();
  for (int64_t lin = 0; lin < dy.numel(); ++lin) DX[index_x_offset(g, lin, index_at(index.raw(), index.dtype(), lin))] += DY[lin];
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(gather_forward, Reference, ref::gather_forward)
MSSAR_REGISTER_KERNEL(gather_backward, Reference, ref::gather_backward)
}  // namespace mssar
