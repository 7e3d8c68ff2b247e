// permute on the CPU: one gather through the op's StridedMap.
#include "../ops/permute.h"

#include "strided.h"

namespace mssar::cpu {

void permute_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather(y, x, map); }

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(permute_forward, CPU, cpu::permute_forward)
}  // namespace mssar
