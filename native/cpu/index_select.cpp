// indexSelect on the CPU: the loops of index_gather.h.
#include "../ops/index_select.h"

#include "../core/dtype_dispatch.h"
#include "index_gather.h"

namespace mssar::cpu {

void index_select_forward(Tensor& y, const Tensor& x, const Tensor& index, const IndexGeometry& g) {
  dispatch_float(x.dtype(), "indexSelect", [&](auto tag_) {
    using T = decltype(tag_);
    index_gather_forward(y.data<T>(), x.data<T>(), g, y.numel(),
                         [&](int64_t lin, int64_t j) { (void)lin; (void)j; return index_at(index.raw(), index.dtype(), j); });
  });
}

void index_select_backward(Tensor& dx, const Tensor& dy, const Tensor& index, const IndexGeometry& g) {
  dispatch_float(dy.dtype(), "indexSelect backward", [&](auto tag_) {
    using T = decltype(tag_);
    index_gather_backward(dx.data<T>(), dy.data<T>(), g,
                          [&](int64_t lin, int64_t j) { (void)lin; (void)j; return index_at(index.raw(), index.dtype(), j); });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(index_select_forward, CPU, cpu::index_select_forward)
MSSAR_REGISTER_KERNEL(index_select_backward, CPU, cpu::index_select_backward)
}  // namespace mssar
