// Reference concat, float64: each element of y taken from the input that covers its index along dim.
#include "../../ops/concat.h"

namespace mssar::ref {

namespace {

// Calls f(y_index, piece, piece_index) for every element of a tensor of `shape` joined along dim
// from pieces of the given sizes.
template <class F>
void for_each_element(const Shape& shape, const std::vector<int64_t>& sizes, int64_t dim, F f) {
  const int64_t n = numel(shape);
  for (int64_t i = 0; i < n; ++i) {
    // Coordinates of i, and its coordinate along dim.
    Shape coord(shape.size());
    int64_t rest = i;
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      coord[size_t(d)] = rest % shape[size_t(d)];
      rest /= shape[size_t(d)];
    }
    size_t piece = 0;
    int64_t along = coord[size_t(dim)];
    while (along >= sizes[piece]) along -= sizes[piece++];
    coord[size_t(dim)] = along;
    Shape piece_shape = shape;
    piece_shape[size_t(dim)] = sizes[piece];
    int64_t j = 0;
    for (size_t d = 0; d < shape.size(); ++d) j = j * piece_shape[d] + coord[d];
    f(i, piece, j);
  }
}

}  // namespace

void concat_forward(Tensor& y, const std::vector<Tensor>& xs, int64_t dim) {
  std::vector<int64_t> sizes;
  for (const Tensor& x : xs) sizes.push_back(x.size(dim));
  double* out = y.data<double>();
  for_each_element(y.shape(), sizes, dim,
                   [&](int64_t i, size_t piece, int64_t j) { out[i] = xs[piece].data<double>()[j]; });
}

void concat_backward(std::vector<Tensor>& dxs, const Tensor& dy, int64_t dim) {
  std::vector<int64_t> sizes;
  for (const Tensor& dx : dxs) sizes.push_back(dx.size(dim));
  const double* g = dy.data<double>();
  for_each_element(dy.shape(), sizes, dim,
                   [&](int64_t i, size_t piece, int64_t j) { dxs[piece].data<double>()[j] = g[i]; });
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(concat_forward, Reference, ref::concat_forward)
MSSAR_REGISTER_KERNEL(concat_backward, Reference, ref::concat_backward)
}  // namespace mssar
