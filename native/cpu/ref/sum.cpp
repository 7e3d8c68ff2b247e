// Reference sum (and mean, through the scale), float64: every input element added into the output
// its kept coordinates name, one at a time.
#include <algorithm>

#include "../../ops/sum.h"

namespace mssar::ref {

namespace {

// The output index of input element i: its coordinates along the kept dims, row-major.
int64_t output_of(int64_t i, const Shape& shape, const std::vector<int64_t>& dims) {
  int64_t out = 0, mul = 1;
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    const int64_t coord = i % shape[size_t(d)];
    i /= shape[size_t(d)];
    if (!std::binary_search(dims.begin(), dims.end(), d)) {
      out += coord * mul;
      mul *= shape[size_t(d)];
    }
  }
  return out;
}

}  // namespace

void sum_forward(Tensor& y, const Tensor& x, const std::vector<int64_t>& dims, double scale) {
  const double* in = x.data<double>();
  double* out = y.data<double>();
  for (int64_t o = 0; o < y.numel(); ++o) out[o] = 0;
  for (int64_t i = 0; i < x.numel(); ++i) out[output_of(i, x.shape(), dims)] += in[i];
  for (int64_t o = 0; o < y.numel(); ++o) out[o] *= scale;
}

void sum_backward(Tensor& dx, const Tensor& dy, const std::vector<int64_t>& dims, double scale) {
  const double* g = dy.data<double>();
  double* d = dx.data<double>();
  for (int64_t i = 0; i < dx.numel(); ++i) d[i] = scale * g[output_of(i, dx.shape(), dims)];
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(sum_forward, Reference, ref::sum_forward)
MSSAR_REGISTER_KERNEL(sum_backward, Reference, ref::sum_backward)
}  // namespace mssar
