// NumPy's broadcasting rule as the references (and the emulation tests that check the CUDA
// programs against it) read it: one output element at a time, no plan, no strides.
#pragma once
#include <cstdint>

#include "../../core/types.h"

namespace mssar::ref {

// Flat index in `in` (row-major) of output element `i` of shape `out`: a dim of size 1, or a
// missing leading dim, is read at 0.
inline int64_t broadcast_source_index(const Shape& out, const Shape& in, int64_t i) {
  int64_t idx = 0, mul = 1;
  const int64_t lead = int64_t(out.size()) - int64_t(in.size());
  for (int64_t d = int64_t(out.size()) - 1; d >= lead; --d) {
    const int64_t coord = i % out[size_t(d)];
    i /= out[size_t(d)];
    const int64_t s = in[size_t(d - lead)];
    idx += (s == 1 ? 0 : coord) * mul;
    mul *= s;
  }
  return idx;
}

}  // namespace mssar::ref
