// How the copying shape ops (permute, expand, slice) read their input: element i of the row-major
// output of shape `size` is input element offset + sum over d of coord_d(i) * stride[d] (a stride of
// 0 repeats an element: expand). Tensors stay contiguous, so each of these ops makes a new tensor
// with one gather through this map; slice's backward scatters through it. Plain data: CUDA kernels
// take it by value. The kernels copy elements by their size, so they serve every dtype.
#pragma once
#include <cstdint>

#include "../core/tensor.h"

#ifdef __CUDACC__
#define MSSAR_STRIDED_HD __host__ __device__
#else
#define MSSAR_STRIDED_HD
#endif

namespace mssar {

struct StridedMap {
  static constexpr int kMaxDims = 8;
  int ndim = 0;
  int64_t size[kMaxDims] = {};
  int64_t stride[kMaxDims] = {};
  int64_t offset = 0;
};

// The input offset of output element i.
MSSAR_STRIDED_HD inline int64_t strided_offset(const StridedMap& m, int64_t i) {
  int64_t off = m.offset;
  for (int d = m.ndim - 1; d >= 0; --d) {
    const int64_t q = i / m.size[d];
    off += (i - q * m.size[d]) * m.stride[d];
    i = q;
  }
  return off;
}

// Row-major strides of a plain tensor's shape.
inline void contiguous_strides(const Shape& shape, int64_t* out) {
  int64_t s = 1;
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    out[d] = s;
    s *= shape[size_t(d)];
  }
}

}  // namespace mssar
