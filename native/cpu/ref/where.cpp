// Reference where: y at each output multi-index is a's or b's element there (NumPy broadcasting).
#include "../../ops/where.h"

#include "../../core/dtype_dispatch.h"

namespace mssar::ref {

namespace {
int64_t source_index(const Shape& out, const Shape& in, int64_t i) {
  int64_t idx = 0, mul = 1;
  const int64_t lead = int64_t(out.size()) - int64_t(in.size());
  for (int64_t d = int64_t(out.size()) - 1; d >= lead; --d) {
    const int64_t coord = i % out[size_t(d)];
    i /= out[size_t(d)];
    const int64_t s = in[size_t(d - lead)];
    idx += (s == 1 ? 0 : coord) * mul;
    mul *= s;
  }
  return idx;
}
}  // namespace

void where_forward(Tensor& y, const Tensor& cond, const Tensor& a, const Tensor& b) {
  const bool* c = cond.data<bool>();
  dispatch_all(a.dtype(), "where", [&](auto tag_) {
    using T = decltype(tag_);
    for (int64_t i = 0; i < y.numel(); ++i) {
      const bool take_a = c[source_index(y.shape(), cond.shape(), i)];
      y.data<T>()[i] = take_a ? a.data<T>()[source_index(y.shape(), a.shape(), i)]
                              : b.data<T>()[source_index(y.shape(), b.shape(), i)];
    }
  });
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(where_forward, Reference, ref::where_forward)
}  // namespace mssar
