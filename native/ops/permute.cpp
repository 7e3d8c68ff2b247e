#include "permute.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(permute_forward)

namespace {

Tensor permute(const char* op, const Tensor& x_in, const std::vector<int64_t>& perm) {
  check_defined(op, "x", x_in);
  const int64_t nd = x_in.ndim();
  MSSAR_CHECK(nd <= StridedMap::kMaxDims, op, ": at most ", StridedMap::kMaxDims, " dims, got ", x_in.describe());
  MSSAR_CHECK(int64_t(perm.size()) == nd, op, ": dims must list each of the ", nd, " dims of ", x_in.describe(),
              " once, got ", perm.size(), " dims");
  std::vector<bool> seen(size_t(nd), false);
  for (int64_t d : perm) {
    MSSAR_CHECK(d >= 0 && d < nd, op, ": dim ", d, " out of range for ", x_in.describe(), " (expected 0 to ", nd - 1,
                ")");
    MSSAR_CHECK(!seen[size_t(d)], op, ": dim ", d, " given twice for ", x_in.describe());
    seen[size_t(d)] = true;
  }
  const Tensor x = to_plain(x_in);
  Backend be = select_backend(op, {&x});
  int64_t strides[StridedMap::kMaxDims];
  contiguous_strides(x.shape(), strides);
  StridedMap m;
  m.ndim = int(nd);
  Shape out(static_cast<size_t>(nd), 0);
  for (int64_t d = 0; d < nd; ++d) {
    out[size_t(d)] = m.size[d] = x.size(perm[size_t(d)]);
    m.stride[d] = strides[perm[size_t(d)]];
  }
  Tensor y = Tensor::empty(out, x.dtype(), x.device());
  if (y.numel() > 0) permute_forward_kernels()[be](y, x, m);
  return y;
}

}  // namespace

Tensor permute_forward(const Tensor& x, const std::vector<int64_t>& perm) { return permute("permute", x, perm); }

Tensor permute_backward(const Tensor& dy, const std::vector<int64_t>& perm) {
  check_float("permute backward", "dy", dy);
  std::vector<int64_t> inverse(perm.size());
  for (size_t d = 0; d < perm.size(); ++d) {
    MSSAR_CHECK(perm[d] >= 0 && perm[d] < int64_t(perm.size()), "permute backward: dim ", perm[d], " out of range for ",
                dy.describe());
    inverse[size_t(perm[d])] = int64_t(d);
  }
  return permute("permute backward", dy, inverse);
}

}  // namespace mssar
