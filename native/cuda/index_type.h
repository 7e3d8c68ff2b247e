// Kernels index with 32-bit integers when every offset of the call fits (integer division, which
// the NCHW kernels do per element, is several times cheaper than in 64 bits).
#pragma once
#include <cstdint>

namespace mssar::cuda {

// Runs f(uint32_t{}) when every offset is below 2^31, else f(int64_t{}); f names the type with
// decltype.
template <class F>
void with_index_type(long long largest, F&& f) {
  if (largest < (1LL << 31))
    f(uint32_t{});
  else
    f(int64_t{0});
}

}  // namespace mssar::cuda
