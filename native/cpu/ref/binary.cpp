// Reference binary elementwise ops, float64 (integers and bool read as float64): y at each output
// multi-index from a and b at the same index, a dim of size 1 (or a missing leading dim) read at 0.
#include "../../ops/binary.h"

#include <cmath>

#include "../../core/dtype_dispatch.h"

namespace mssar::ref {

namespace {

// Flat index in `in` (row-major) of output element `i` of shape `out`, by NumPy's rule.
int64_t source_index(const Shape& out, const Shape& in, int64_t i) {
  int64_t idx = 0, mul = 1;
  const int64_t lead = int64_t(out.size()) - int64_t(in.size());
  for (int64_t d = int64_t(out.size()) - 1; d >= 0; --d) {
    const int64_t coord = i % out[size_t(d)];
    i /= out[size_t(d)];
    if (d < lead) continue;
    const int64_t s = in[size_t(d - lead)];
    idx += (s == 1 ? 0 : coord) * mul;
    mul *= s;
  }
  return idx;
}

double apply(BinaryOp op, double u, double v) {
  switch (op) {
    case BinaryOp::Add: return u + v;
    case BinaryOp::Sub: return u - v;
    case BinaryOp::Mul: return u * v;
    case BinaryOp::Div: return u / v;
    case BinaryOp::Pow: return std::pow(u, v);
    case BinaryOp::Maximum: return std::isnan(u) || std::isnan(v) ? NAN : std::max(u, v);
    case BinaryOp::Minimum: return std::isnan(u) || std::isnan(v) ? NAN : std::min(u, v);
    case BinaryOp::Eq: return u == v;
    case BinaryOp::Ne: return u != v;
    case BinaryOp::Lt: return u < v;
    case BinaryOp::Le: return u <= v;
    case BinaryOp::Gt: return u > v;
    case BinaryOp::Ge: return u >= v;
  }
  return NAN;
}

}  // namespace

void binary_forward(Tensor& y, const Tensor& a, const Tensor& b, BinaryOp op) {
  const char* name = binary_op_name(op);
  dispatch_all(a.dtype(), name, [&](auto in_tag) {
    using T = decltype(in_tag);
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    dispatch_all(y.dtype(), name, [&](auto out_tag) {
      using O = decltype(out_tag);
      O* out = y.data<O>();
      for (int64_t i = 0; i < y.numel(); ++i) {
        const double u = double(pa[source_index(y.shape(), a.shape(), i)]);
        const double v = double(pb[source_index(y.shape(), b.shape(), i)]);
        out[i] = O(apply(op, u, v));
      }
    });
  });
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(binary_forward, Reference, ref::binary_forward)
}  // namespace mssar
