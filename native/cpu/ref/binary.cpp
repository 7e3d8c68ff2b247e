// Reference binary elementwise ops, float64 (integers and bool read as float64): y at each output
// multi-index from a and b at the same index, a dim of size 1 (or a missing leading dim) read at 0.
#include "../../ops/binary.h"

#include <cmath>

#include "../../core/dtype_dispatch.h"
#include "broadcast_index.h"

namespace mssar::ref {

namespace {

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
        const double u = double(pa[broadcast_source_index(y.shape(), a.shape(), i)]);
        const double v = double(pb[broadcast_source_index(y.shape(), b.shape(), i)]);
        out[i] = O(apply(op, u, v));
      }
    });
  });
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(binary_forward, Reference, ref::binary_forward)
}  // namespace mssar
