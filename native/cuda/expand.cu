// expand on CUDA: one gather through the op's StridedMap.
#include "../ops/expand.h"
#include "strided.cuh"

namespace mssar::cuda {

void expand_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather("expand", y, x, map); }

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(expand_forward, CUDA, cuda::expand_forward)
}  // namespace mssar
