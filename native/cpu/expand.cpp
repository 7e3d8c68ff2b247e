// expand on the CPU: one gather through the op's StridedMap.
#include "../ops/expand.h"

#include "strided.h"

namespace mssar::cpu {

void expand_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather(y, x, map); }

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(expand_forward, CPU, cpu::expand_forward)
}  // namespace mssar
