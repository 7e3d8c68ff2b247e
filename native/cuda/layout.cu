// reorder on CUDA: one thread per element of the output's physical buffer (coalesced writes, the
// padding channels of blocked layouts written as zeros), for every pair of layouts and dtypes.
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/layout.h"
#include "../ops/layout_index.h"
#include "context.h"
#include "index_type.h"

namespace mssar::cuda {

namespace {

template <class T, class I>
__global__ void reorder_kernel(T* out, const T* in, LayoutIndex<I> to, LayoutIndex<I> from, I n) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += I(gridDim.x) * blockDim.x)
    reorder_element(out, in, to, from, i);
}

}  // namespace

void reorder(Tensor& out, const Tensor& in) {
  const long long n = physical_numel(out.shape(), out.layout());
  if (n == 0) return;
  const long long largest = std::max<long long>(n, physical_numel(in.shape(), in.layout()));
  dispatch_all(in.dtype(), "reorder", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(largest, [&](auto itag_) {
      using index_t = decltype(itag_);
      reorder_kernel<scalar_t, index_t><<<grid_for(n), 256, 0, stream()>>>(
          out.data<scalar_t>(), in.data<scalar_t>(), layout_index<index_t>(out.shape(), out.layout()),
          layout_index<index_t>(in.shape(), in.layout()), index_t(n));
    });
  });
  MSSAR_CUDA_LAUNCHED("reorder");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(reorder, CUDA, cuda::reorder)
}  // namespace mssar
