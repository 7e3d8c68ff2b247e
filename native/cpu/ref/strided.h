// The reference gather and scatter through a StridedMap (native/ops/strided.h): one element at a time.
#pragma once
#include <cstring>

#include "../../ops/strided.h"

namespace mssar::ref {

inline void strided_gather(Tensor& y, const Tensor& x, const StridedMap& m) {
  const size_t e = dtype_size(y.dtype());
  const char* in = static_cast<const char*>(x.raw());
  char* out = static_cast<char*>(y.raw());
  for (int64_t i = 0; i < y.numel(); ++i) std::memcpy(out + size_t(i) * e, in + size_t(strided_offset(m, i)) * e, e);
}

inline void strided_scatter(const Tensor& x, const Tensor& y, const StridedMap& m) {
  const size_t e = dtype_size(y.dtype());
  char* dst = static_cast<char*>(x.raw());
  const char* src = static_cast<const char*>(y.raw());
  for (int64_t i = 0; i < y.numel(); ++i) std::memcpy(dst + size_t(strided_offset(m, i)) * e, src + size_t(i) * e, e);
}

}  // namespace mssar::ref
