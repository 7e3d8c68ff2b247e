// slice on the CPU: one gather through the op's StridedMap (the backward: one scatter).
#include "../ops/slice.h"

#include "strided.h"

namespace mssar::cpu {

void slice_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather(y, x, map); }

void slice_backward(Tensor& dx, const Tensor& dy, const StridedMap& map) { strided_scatter(dx, dy, map); }

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(slice_forward, CPU, cpu::slice_forward)
MSSAR_REGISTER_KERNEL(slice_backward, CPU, cpu::slice_backward)
}  // namespace mssar
