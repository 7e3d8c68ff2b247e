#include "sum.h"

#include <algorithm>

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(sum_forward)
MSSAR_DEFINE_KERNEL(sum_backward)

std::vector<int64_t> reduction_dims(const char* op, const Shape& shape, const std::vector<int64_t>& dims) {
  const int64_t ndim = int64_t(shape.size());
  MSSAR_CHECK(ndim <= ReducePlan::kMaxGroups, op, ": at most ", ReducePlan::kMaxGroups, " dims, got shape ",
              shape_str(shape));
  std::vector<int64_t> out;
  if (dims.empty()) {
    for (int64_t d = 0; d < ndim; ++d) out.push_back(d);
    return out;
  }
  std::vector<bool> seen(size_t(ndim), false);
  for (int64_t d : dims) {
    MSSAR_CHECK(d >= 0 && d < ndim, op, ": dim ", d, " out of range for shape ", shape_str(shape), " (expected 0 to ",
                ndim - 1, ")");
    MSSAR_CHECK(!seen[size_t(d)], op, ": dim ", d, " given twice");
    seen[size_t(d)] = true;
    out.push_back(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Shape reduced_shape(const Shape& shape, const std::vector<int64_t>& dims, bool keep_dim) {
  Shape out;
  for (int64_t d = 0; d < int64_t(shape.size()); ++d) {
    const bool reduced = std::binary_search(dims.begin(), dims.end(), d);
    if (!reduced) {
      out.push_back(shape[size_t(d)]);
    } else if (keep_dim) {
      out.push_back(1);
    }
  }
  return out;
}

ReducePlan make_reduce_plan(const Shape& shape, const std::vector<int64_t>& dims) {
  // Coalesce into (size, reduced) groups; size-1 dims belong to neither kind.
  struct Group {
    int64_t size;
    bool reduced;
  };
  std::vector<Group> groups;
  for (int64_t d = 0; d < int64_t(shape.size()); ++d) {
    const int64_t s = shape[size_t(d)];
    if (s == 1) continue;
    const bool reduced = std::binary_search(dims.begin(), dims.end(), d);
    if (!groups.empty() && groups.back().reduced == reduced) {
      groups.back().size *= s;
    } else {
      groups.push_back({s, reduced});
    }
  }
  if (groups.empty()) groups.push_back({1, true});  // one element: a sum of one

  ReducePlan p;
  p.inner = groups.back().size;
  p.inner_reduced = groups.back().reduced;
  int64_t stride = p.inner;
  // Walk the outer groups innermost first to get their strides, then store outermost first.
  for (int64_t g = int64_t(groups.size()) - 2; g >= 0; --g) {
    const Group& gr = groups[size_t(g)];
    p.outer_size[g] = gr.size;
    p.outer_reduced[g] = gr.reduced;
    if (gr.reduced) {
      p.red_size[p.nred] = gr.size;
      p.red_stride[p.nred] = stride;
      ++p.nred;
    } else {
      p.kept_size[p.nkept] = gr.size;
      p.kept_stride[p.nkept] = stride;
      ++p.nkept;
    }
    stride *= gr.size;
  }
  p.nouter = int(groups.size()) - 1;
  std::reverse(p.red_size, p.red_size + p.nred);
  std::reverse(p.red_stride, p.red_stride + p.nred);
  std::reverse(p.kept_size, p.kept_size + p.nkept);
  std::reverse(p.kept_stride, p.kept_stride + p.nkept);
  for (int i = 0; i < p.nkept; ++i) p.kept_count *= p.kept_size[i];
  for (int i = 0; i < p.nred; ++i) p.red_count *= p.red_size[i];
  p.outputs = p.inner_reduced ? p.kept_count : p.kept_count * p.inner;
  p.count = p.inner_reduced ? p.red_count * p.inner : p.red_count;
  p.numel = p.outputs * p.count;
  return p;
}

namespace {

// The tensor as the sums read it: float, plain.
Tensor input(const char* op, const char* name, const Tensor& t) {
  check_float(op, name, t);
  return to_plain(t);
}

}  // namespace

Tensor sum_to_shape(const char* op, const Tensor& x_in, const std::vector<int64_t>& dims, const Shape& out_shape) {
  const Tensor x = input(op, "x", x_in);
  std::vector<int64_t> d = reduction_dims(op, x.shape(), dims);
  MSSAR_CHECK(numel(out_shape) == numel(reduced_shape(x.shape(), d, false)), op, ": cannot reduce ", x.describe(),
              " to ", shape_str(out_shape));
  Backend b = select_backend(op, {&x});
  Tensor y = Tensor::empty(out_shape, x.dtype(), x.device());
  if (y.numel() == 0) return y;
  if (x.numel() == 0) {
    y.zero_();
    return y;
  }
  sum_forward_kernels()[b](y, x, d, 1.0);
  return y;
}

Tensor sum_forward(const Tensor& x_in, const std::vector<int64_t>& dims, bool keep_dim) {
  const Tensor x = input("sum", "x", x_in);
  std::vector<int64_t> d = reduction_dims("sum", x.shape(), dims);
  return sum_to_shape("sum", x, d, reduced_shape(x.shape(), d, keep_dim));
}

Tensor sum_backward(const Tensor& dy_in, const Shape& input_shape, const std::vector<int64_t>& dims, bool keep_dim) {
  const Tensor dy = input("sum backward", "dy", dy_in);
  std::vector<int64_t> d = reduction_dims("sum backward", input_shape, dims);
  check_shape("sum backward", "dy", dy, reduced_shape(input_shape, d, keep_dim));
  Backend b = select_backend("sum backward", {&dy});
  Tensor dx = Tensor::empty(input_shape, dy.dtype(), dy.device());
  if (dx.numel() == 0) return dx;
  sum_backward_kernels()[b](dx, dy, d, 1.0);
  return dx;
}

}  // namespace mssar
