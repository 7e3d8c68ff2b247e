#include "concat.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(concat_forward)
MSSAR_DEFINE_KERNEL(concat_backward)

ConcatGeometry concat_geometry(const Shape& shape, const std::vector<int64_t>& sizes, int64_t dim) {
  ConcatGeometry g;
  for (int64_t d = 0; d < dim; ++d) g.outer *= shape[size_t(d)];
  for (int64_t d = dim + 1; d < int64_t(shape.size()); ++d) g.inner *= shape[size_t(d)];
  for (int64_t s : sizes) {
    g.offset.push_back(g.row);
    g.run.push_back(s * g.inner);
    g.row += s * g.inner;
  }
  return g;
}

Tensor concat_forward(const std::vector<Tensor>& xs_in, int64_t dim) {
  MSSAR_CHECK(!xs_in.empty(), "concat: needs at least one tensor, got an empty list");
  // Joined on plain tensors.
  std::vector<Tensor> xs;
  for (size_t i = 0; i < xs_in.size(); ++i) {
    const std::string name = cat("xs[", i, "]");
    check_float("concat", name.c_str(), xs_in[i]);
    xs.push_back(to_plain(xs_in[i]));
  }
  const Tensor& first = xs[0];
  const int64_t ndim = first.ndim();
  MSSAR_CHECK(ndim >= 1, "concat: cannot join 0-d tensors, got xs[0] ", first.describe());
  MSSAR_CHECK(dim >= 0 && dim < ndim, "concat: dim ", dim, " out of range for xs[0] ", first.describe(),
              " (expected 0 to ", ndim - 1, ")");
  Shape out = first.shape();
  out[size_t(dim)] = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const Tensor& x = xs[i];
    const std::string name = cat("xs[", i, "]");
    MSSAR_CHECK(x.dtype() == first.dtype(), "concat: ", name, " ", x.describe(), " and xs[0] ", first.describe(),
                " must have the same dtype");
    MSSAR_CHECK(x.device() == first.device(), "concat: ", name, " ", x.describe(), " and xs[0] ", first.describe(),
                " are on different devices");
    bool same = x.ndim() == ndim;
    for (int64_t d = 0; same && d < ndim; ++d) same = d == dim || x.size(d) == first.size(d);
    MSSAR_CHECK(same, "concat: ", name, " ", x.describe(), " does not match xs[0] ", first.describe(),
                " in every dim but ", dim);
    out[size_t(dim)] += x.size(dim);
  }
  Backend b = select_backend("concat", {&first});
  Tensor y = Tensor::empty(out, first.dtype(), first.device());
  if (y.numel() > 0) concat_forward_kernels()[b](y, xs, dim);
  return y;
}

std::vector<Tensor> concat_backward(const Tensor& dy_in, const std::vector<int64_t>& sizes, int64_t dim) {
  check_float("concat backward", "dy", dy_in);
  const Tensor dy = to_plain(dy_in);
  MSSAR_CHECK(dim >= 0 && dim < dy.ndim(), "concat backward: dim ", dim, " out of range for dy ", dy.describe());
  MSSAR_CHECK(!sizes.empty(), "concat backward: needs at least one size");
  int64_t total = 0;
  for (int64_t s : sizes) {
    MSSAR_CHECK(s >= 0, "concat backward: sizes must be >= 0, got ", s);
    total += s;
  }
  MSSAR_CHECK(total == dy.size(dim), "concat backward: sizes add up to ", total, " but dy ", dy.describe(),
              " has ", dy.size(dim), " along dim ", dim);
  Backend b = select_backend("concat backward", {&dy});
  std::vector<Tensor> dxs;
  for (int64_t s : sizes) {
    Shape shape = dy.shape();
    shape[size_t(dim)] = s;
    dxs.push_back(Tensor::empty(shape, dy.dtype(), dy.device()));
  }
  if (dy.numel() > 0) concat_backward_kernels()[b](dxs, dy, dim);
  return dxs;
}

}  // namespace mssar
