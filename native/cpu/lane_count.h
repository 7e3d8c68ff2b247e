// Calls f with the lane width B of a lane view (core/lane_view.h) as a compile-time constant when
// it is a SIMD width (16 or 8: nChw16c, nChw8c), else 0 (channels-last: B = C, known at run time).
// Per-lane accumulators can then be local arrays of that width, which the compiler keeps in
// registers; through a pointer it stores and reloads them at every pixel.
#pragma once
#include <cstdint>
#include <type_traits>

namespace mssar::cpu {

template <class F>
void with_lane_count(int64_t B, F&& f) {
  if (B == 16) return f(std::integral_constant<int, 16>{});
  if (B == 8) return f(std::integral_constant<int, 8>{});
  return f(std::integral_constant<int, 0>{});
}

}  // namespace mssar::cpu
