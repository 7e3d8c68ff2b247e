// concat on CUDA: every input's runs copied in one launch per batch of up to concat::kBatch inputs
// (blockIdx.y picks the input, blockIdx.z the row), with no index division; the thread program and
// the grid are in concat_elements.cuh. The backward is the same copy the other way.
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/concat.h"
#include "concat_elements.cuh"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T, bool kGather>
__global__ void concat_kernel(T* y, concat::Pieces<T> pieces, long long outer, long long row) {
  concat::concat_thread<T, kGather>(y, pieces, outer, row, int(blockIdx.y), blockIdx.z, gridDim.z,
                                    blockIdx.x * (long long)blockDim.x + threadIdx.x, (long long)gridDim.x * blockDim.x);
}

template <class T, bool kGather>
void launch(T* y, const std::vector<Tensor>& ts, const ConcatGeometry& g, const char* op) {
  for (size_t first = 0; first < ts.size(); first += concat::kBatch) {
    const int count = int(std::min<size_t>(concat::kBatch, ts.size() - first));
    concat::Pieces<T> p{};
    long long longest = 0;
    for (int k = 0; k < count; ++k) {
      p.ptr[k] = ts[first + k].data<T>();
      p.run[k] = g.run[first + k];
      p.offset[k] = g.offset[first + k];
      longest = std::max(longest, p.run[k]);
    }
    if (longest == 0) continue;
    const concat::Grid grid = concat::grid_for_pieces(longest, g.outer, count);
    concat_kernel<T, kGather><<<dim3(unsigned(grid.x), unsigned(count), unsigned(grid.z)), concat::kThreads, 0,
                                stream()>>>(y, p, g.outer, g.row);
    MSSAR_CUDA_LAUNCHED(op);
  }
}

}  // namespace

void concat_forward(Tensor& y, const std::vector<Tensor>& xs, int64_t dim) {
  std::vector<int64_t> sizes;
  for (const Tensor& x : xs) sizes.push_back(x.size(dim));
  const ConcatGeometry g = concat_geometry(y.shape(), sizes, dim);
  dispatch_float(y.dtype(), "concat", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    launch<scalar_t, true>(y.data<scalar_t>(), xs, g, "concat");
  });
}

void concat_backward(std::vector<Tensor>& dxs, const Tensor& dy, int64_t dim) {
  std::vector<int64_t> sizes;
  for (const Tensor& dx : dxs) sizes.push_back(dx.size(dim));
  const ConcatGeometry g = concat_geometry(dy.shape(), sizes, dim);
  dispatch_float(dy.dtype(), "concat backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    launch<scalar_t, false>(dy.data<scalar_t>(), dxs, g, "concat backward");
  });
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(concat_forward, CUDA, cuda::concat_forward)
MSSAR_REGISTER_KERNEL(concat_backward, CUDA, cuda::concat_backward)
}  // namespace mssar
