// Reference where: y at each output multi-index is a's or b's element there (NumPy broadcasting).
#include "../../ops/where.h"

#include "../../core/dtype_dispatch.h"
#include "broadcast_index.h"

namespace mssar::ref {

void where_forward(Tensor& y, const Tensor& cond, const Tensor& a, const Tensor& b) {
  const bool* c = cond.data<bool>();
  dispatch_all(a.dtype(), "where", [&](auto tag_) {
    using T = decltype(tag_);
    for (int64_t i = 0; i < y.numel(); ++i) {
      const bool take_a = c[broadcast_source_index(y.shape(), cond.shape(), i)];
      y.data<T>()[i] = take_a ? a.data<T>()[broadcast_source_index(y.shape(), a.shape(), i)]
                              : b.data<T>()[broadcast_source_index(y.shape(), b.shape(), i)];
    }
  });
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(where_forward, Reference, ref::where_forward)
}  // namespace mssar
