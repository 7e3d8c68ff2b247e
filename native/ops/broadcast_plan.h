// NumPy broadcasting of up to three operands against one output shape. Shapes are aligned at their
// last dim; a dim of size 1 (or a missing leading dim) repeats along the output's. The plan merges
// neighbouring dims that every operand walks alike, so most ops become a few long runs; it is plain
// data, so CUDA kernels take it by value.
#pragma once
#include <initializer_list>

#include "../core/tensor.h"

#ifdef __CUDACC__
#define MSSAR_BROADCAST_HD __host__ __device__
#else
#define MSSAR_BROADCAST_HD
#endif

namespace mssar {

// The broadcast shape of `shapes`, or an Error: "`op`: shapes [2,3] and [4] cannot be broadcast".
Shape broadcast_shape(const char* op, std::initializer_list<const Shape*> shapes);

struct BroadcastPlan {
  static constexpr int kMaxDims = 12;
  static constexpr int kMaxOperands = 3;
  int ndim = 1;                                 // merged dims, outermost first; at least one
  int64_t size[kMaxDims] = {1};
  int64_t stride[kMaxOperands][kMaxDims] = {};  // element strides of each operand (0 along a broadcast dim)
  int64_t numel = 1;

  MSSAR_BROADCAST_HD int64_t inner() const { return size[ndim - 1]; }

  // Offsets in each operand of the element at output index `row * inner()` (the start of a run).
  MSSAR_BROADCAST_HD void row_offsets(int64_t row, int64_t* off, int nops) const {
    for (int k = 0; k < nops; ++k) off[k] = 0;
    for (int d = ndim - 2; d >= 0; --d) {
      const int64_t q = row / size[d], i = row - q * size[d];
      for (int k = 0; k < nops; ++k) off[k] += i * stride[k][d];
      row = q;
    }
  }
};

// The plan of operands of `shapes` (each broadcastable to `out`, row-major and contiguous).
BroadcastPlan make_broadcast_plan(const char* op, const Shape& out, std::initializer_list<const Shape*> shapes);

}  // namespace mssar
