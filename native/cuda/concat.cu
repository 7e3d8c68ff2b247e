// concat on CUDA: every input's runs copied in one launch per batch of up to kBatch inputs
// (blockIdx.y picks the input, blockIdx.z the row), with no index division. The backward is the
// same copy the other way.
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/concat.h"
#include "context.h"
#include "reduce.cuh"

namespace mssar::cuda {

namespace {

constexpr int kBatch = 16;

template <class T>
struct Pieces {
  T* ptr[kBatch];
  long long run[kBatch];
  long long offset[kBatch];
};

// gather: y[o * row + offset + j] = piece[o * run + j]; otherwise the reverse.
template <class T, bool kGather>
__global__ void concat_kernel(T* y, Pieces<T> pieces, long long outer, long long row) {
  const int i = blockIdx.y;
  const long long run = pieces.run[i];
  T* piece = pieces.ptr[i];
  for (long long o = blockIdx.z; o < outer; o += gridDim.z) {
    T* yrow = y + o * row + pieces.offset[i];
    T* prow = piece + o * run;
    for (long long j = blockIdx.x * (long long)blockDim.x + threadIdx.x; j < run; j += (long long)gridDim.x * blockDim.x) {
      if (kGather) {
        yrow[j] = prow[j];
      } else {
        prow[j] = yrow[j];
      }
    }
  }
}

template <class T, bool kGather>
void launch(T* y, const std::vector<Tensor>& ts, const ConcatGeometry& g, const char* op) {
  for (size_t first = 0; first < ts.size(); first += kBatch) {
    const int count = int(std::min<size_t>(kBatch, ts.size() - first));
    Pieces<T> p{};
    long long longest = 0;
    for (int k = 0; k < count; ++k) {
      p.ptr[k] = ts[first + k].data<T>();
      p.run[k] = g.run[first + k];
      p.offset[k] = g.offset[first + k];
      longest = std::max(longest, p.run[k]);
    }
    if (longest == 0) continue;
    const long long zs = std::min<long long>(g.outer, 65535);
    // About 2^16 blocks in all at most; each covers 256 elements of a run per row step.
    const long long xs = std::max(1LL, std::min(ceil_div(longest, 256), (1LL << 16) / (zs * count) + 1));
    concat_kernel<T, kGather><<<dim3(unsigned(xs), unsigned(count), unsigned(zs)), 256, 0, stream()>>>(y, p, g.outer,
                                                                                                      g.row);
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
