#include "layout.h"

#include "../core/cuda_loader.h"
#include "checks.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(reorder)

Tensor to_layout(const Tensor& x, Layout layout) {
  check_defined("toLayout", "x", x);
  if (x.layout() == layout) return x;
  MSSAR_CHECK(x.ndim() == 4, "toLayout: only 4-d tensors have layouts other than plain, got ", x.describe());
  if (x.device() == Device::CUDA) require_cuda();
  Tensor y = Tensor::empty(x.shape(), x.dtype(), x.device(), layout);
  reorder_kernels()[x.device() == Device::CUDA ? Backend::CUDA : Backend::CPU](y, x);
  return y;
}

}  // namespace mssar
