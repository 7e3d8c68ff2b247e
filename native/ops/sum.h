// sum and mean over a set of dims of a plain tensor. mean is sum scaled by 1 / (elements summed),
// so both run on the sum kernels, which take the scale.
//   forward   y[o] = scale * sum over the reduced dims of x     (y holds the kept dims, row-major)
//   backward  dx[i] = scale * dy[o(i)]                          (dy broadcast back over the reduced dims)
#pragma once
#include <vector>

#include "../core/dispatch.h"

#ifdef __CUDACC__
#define MSSAR_HOST_DEVICE __host__ __device__
#else
#define MSSAR_HOST_DEVICE
#endif

namespace mssar {

// `dims` reach the kernels sorted, unique and in range; the kernels never see an empty tensor.
MSSAR_DECLARE_KERNEL(sum_forward, void(Tensor& y, const Tensor& x, const std::vector<int64_t>& dims, double scale))
MSSAR_DECLARE_KERNEL(sum_backward, void(Tensor& dx, const Tensor& dy, const std::vector<int64_t>& dims, double scale))

// The output shape of a reduction of `shape` over `dims` (checked, sorted).
Shape reduced_shape(const Shape& shape, const std::vector<int64_t>& dims, bool keep_dim);
// Checks dims against an ndim-d tensor (in range, no duplicates); returns them sorted, or every
// dim when `dims` is empty.
std::vector<int64_t> reduction_dims(const char* op, const Shape& shape, const std::vector<int64_t>& dims);

Tensor sum_forward(const Tensor& x, const std::vector<int64_t>& dims, bool keep_dim);
Tensor sum_backward(const Tensor& dy, const Shape& input_shape, const std::vector<int64_t>& dims, bool keep_dim);

// Checked sum used by other ops' backward passes (add's broadcast gradient): x reduced over
// `dims` (checked) into `out_shape` (the reduced shape with or without the kept size-1 dims).
Tensor sum_to_shape(const char* op, const Tensor& x, const std::vector<int64_t>& dims, const Shape& out_shape);

// How the kernels walk a reduction of a row-major tensor: size-1 dims dropped and neighbours of
// the same kind (kept or reduced) merged, so the shape becomes alternating groups. The last group
// (`inner`, contiguous in memory) is described on its own; the others are listed by kind, outermost
// first, with their strides in the input. Plain data, so CUDA kernels take it by value.
struct ReducePlan {
  static constexpr int kMaxGroups = 8;
  int64_t inner = 1;            // size of the innermost group
  bool inner_reduced = true;
  int nkept = 0;                // kept groups other than the inner one
  int64_t kept_size[kMaxGroups] = {};
  int64_t kept_stride[kMaxGroups] = {};
  int nred = 0;                 // reduced groups other than the inner one
  int64_t red_size[kMaxGroups] = {};
  int64_t red_stride[kMaxGroups] = {};
  int nouter = 0;               // every group but the inner one, in order (for the backward)
  int64_t outer_size[kMaxGroups] = {};
  bool outer_reduced[kMaxGroups] = {};
  int64_t kept_count = 1;       // product of kept_size
  int64_t red_count = 1;        // product of red_size
  int64_t outputs = 1;          // elements of y
  int64_t count = 1;            // elements summed into each output
  int64_t numel = 1;            // elements of x
};

// Needs a non-empty shape of at most ReducePlan::kMaxGroups dims and sorted, unique dims.
ReducePlan make_reduce_plan(const Shape& shape, const std::vector<int64_t>& dims);

// Offset in the input of linear index `lin` over groups (size, stride), outermost first.
MSSAR_HOST_DEVICE inline int64_t group_offset(int64_t lin, int n, const int64_t* size, const int64_t* stride) {
  if (n == 1) return lin * stride[0];
  int64_t off = 0;
  for (int i = n - 1; i >= 0; --i) {
    const int64_t s = size[i];
    const int64_t q = lin / s;
    off += (lin - q * s) * stride[i];
    lin = q;
  }
  return off;
}

// The output index of an input element, from its row (index over the outer groups) and its
// position l in the inner group.
MSSAR_HOST_DEVICE inline int64_t output_index(const ReducePlan& p, int64_t row, int64_t l) {
  int64_t k = 0, mul = 1;
  for (int i = p.nouter - 1; i >= 0; --i) {
    const int64_t s = p.outer_size[i];
    const int64_t q = row / s;
    if (!p.outer_reduced[i]) {
      k += (row - q * s) * mul;
      mul *= s;
    }
    row = q;
  }
  return p.inner_reduced ? k : k * p.inner + l;
}

}  // namespace mssar
