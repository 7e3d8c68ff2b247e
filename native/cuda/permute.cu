// permute on CUDA: one gather through the op's StridedMap.
#include "../ops/permute.h"
#include "strided.cuh"

namespace mssar::cuda {

void permute_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather("permute", y, x, map); }

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(permute_forward, CUDA, cuda::permute_forward)
}  // namespace mssar
