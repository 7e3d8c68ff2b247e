// gather on the CPU: the loops of index_gather.h.
#include "../ops/gather.h"

#include "../core/dtype_dispatch.h"
#include "index_gather.h"

namespace mssar::cpu {

void gather_forward(Tensor& y, const Tensor& x, const Tensor& index, const IndexGeometry& g) {
  dispatch_float(x.dtype(), "gather", [&](auto tag_) {
    using T = decltype(tag_);
    index_gather_forward(y.data<T>(), x.data<T>(), g, y.numel(),
                         [&](int64_t lin, int64_t j) { (void)lin; (void)j; return index_at(index.raw(), index.dtype(), lin); });
  });
}

void gather_backward(Tensor& dx, const Tensor& dy, const Tensor& index, const IndexGeometry& g) {
  dispatch_float(dy.dtype(), "gather backward", [&](auto tag_) {
    using T = decltype(tag_);
    index_gather_backward(dx.data<T>(), dy.data<T>(), g,
                          [&](int64_t lin, int64_t j) { (void)lin; (void)j; return index_at(index.raw(), index.dtype(), lin); });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(gather_forward, CPU, cpu::gather_forward)
MSSAR_REGISTER_KERNEL(gather_backward, CPU, cpu::gather_backward)
}  // namespace mssar
