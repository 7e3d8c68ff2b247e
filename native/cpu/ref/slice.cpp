// Reference slice: element by element through the op's StridedMap.
#include "../../ops/slice.h"

#include "strided.h"

namespace mssar::ref {

void slice_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather(y, x, map); }

void slice_backward(Tensor& dx, const Tensor& dy, const StridedMap& map) { strided_scatter(dx, dy, map); }

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(slice_forward, Reference, ref::slice_forward)
MSSAR_REGISTER_KERNEL(slice_backward, Reference, ref::slice_backward)
}  // namespace mssar
