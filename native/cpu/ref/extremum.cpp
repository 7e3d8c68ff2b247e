// Reference max/min with positions, float64: every input element, in row-major order, offered to its
// output (the first extremum wins; a NaN beats every number).
#include "../../ops/extremum.h"

#include <algorithm>
#include <cmath>

#include "../../core/dtype_dispatch.h"

namespace mssar::ref {

namespace {

// Output index and position among the reduced elements of input element i.
void locate(const Shape& shape, const std::vector<int64_t>& dims, int64_t i, int64_t& out, int64_t& pos) {
  out = 0, pos = 0;
  int64_t out_mul = 1, pos_mul = 1;
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    const int64_t s = shape[size_t(d)], c = i % s;
    i /= s;
    if (std::binary_search(dims.begin(), dims.end(), d)) {
      pos += c * pos_mul, pos_mul *= s;
    } else {
      out += c * out_mul, out_mul *= s;
    }
  }
}

}  // namespace

void extremum_forward(Tensor& values, Tensor& indices, const Tensor& x, const std::vector<int64_t>& dims, bool is_min) {
  std::vector<double> best(size_t(values.numel()), 0);
  std::vector<bool> seen(size_t(values.numel()), false);
  int64_t* idx = indices.data<int64_t>();
  dispatch_numeric(x.dtype(), is_min ? "min" : "max", [&](auto tag_) {
    using T = decltype(tag_);
    const T* in = x.data<T>();
    for (int64_t i = 0; i < x.numel(); ++i) {
      int64_t o, pos;
      locate(x.shape(), dims, i, o, pos);
      const double v = double(in[i]);
      double& b = best[size_t(o)];
      const bool take = !seen[size_t(o)] || (std::isnan(v) && !std::isnan(b)) || (is_min ? v < b : v > b);
      if (take) b = v, idx[o] = pos, seen[size_t(o)] = true;
    }
    for (int64_t o = 0; o < values.numel(); ++o) values.data<T>()[o] = T(best[size_t(o)]);
  });
}

void extremum_backward(Tensor& dx, const Tensor& dy, const Tensor& indices, const std::vector<int64_t>& dims) {
  const int64_t* idx = indices.data<int64_t>();
  const double* g = dy.data<double>();
  double* d = dx.data<double>();
  for (int64_t i = 0; i < dx.numel(); ++i) {
    int64_t o, pos;
    locate(dx.shape(), dims, i, o, pos);
    d[i] = pos == idx[o] ? g[o] : 0.0;
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(extremum_forward, Reference, ref::extremum_forward)
MSSAR_REGISTER_KERNEL(extremum_backward, Reference, ref::extremum_backward)
}  // namespace mssar
