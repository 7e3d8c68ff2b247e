// slice on CUDA: one gather through the op's StridedMap (the backward: one scatter).
#include "../ops/slice.h"
#include "strided.cuh"

namespace mssar::cuda {

void slice_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather("slice", y, x, map); }

void slice_backward(Tensor& dx, const Tensor& dy, const StridedMap& map) {
  strided_scatter("slice backward", dx, dy, map);
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(slice_forward, CUDA, cuda::slice_forward)
MSSAR_REGISTER_KERNEL(slice_backward, CUDA, cuda::slice_backward)
}  // namespace mssar
