// Small NCHW planes vectorize badly along their short rows, so the pooling kernels process them
// kLanes planes at a time, interleaved: element i of plane l sits at t[i * kLanes + l]. Every step
// of a window then updates kLanes planes with one contiguous vector operation. These helpers move
// a block of planes in and out of that interleaved form.
#pragma once
#include <cstdint>
#include <cstring>

namespace mssar::cpu {

constexpr int64_t kLanes = 16;

// t[i * kLanes + l] = src[l * n + i] for the first `lanes` planes; the unused lanes are zeroed so
// that the kernels never compute on uninitialized memory. Moves kLanes x kLanes tiles: each plane's
// cache line is read once whole (planes often lie a multiple of 4 KiB apart, so reading across them
// element by element would keep evicting the lines of one cache set).
template <class T>
void planes_to_lanes(T* t, const T* src, int64_t n, int64_t lanes) {
  if (lanes < kLanes) std::memset(static_cast<void*>(t), 0, size_t(n * kLanes) * sizeof(T));
  for (int64_t i0 = 0; i0 < n; i0 += kLanes) {
    const int64_t m = n - i0 < kLanes ? n - i0 : kLanes;
    for (int64_t l = 0; l < lanes; ++l) {
      const T* s = src + l * n + i0;
      T* d = t + i0 * kLanes + l;
      for (int64_t k = 0; k < m; ++k) d[k * kLanes] = s[k];
    }
  }
}

// dst[l * n + i] = t[i * kLanes + l] for the first `lanes` planes, tile by tile as above.
template <class T>
void lanes_to_planes(T* dst, const T* t, int64_t n, int64_t lanes) {
  for (int64_t i0 = 0; i0 < n; i0 += kLanes) {
    const int64_t m = n - i0 < kLanes ? n - i0 : kLanes;
    for (int64_t l = 0; l < lanes; ++l) {
      T* d = dst + l * n + i0;
      const T* s = t + i0 * kLanes + l;
      for (int64_t k = 0; k < m; ++k) d[k] = s[k * kLanes];
    }
  }
}

// Planes up to this size go through the interleaved path; larger ones have rows long enough to
// vectorize along.
constexpr int64_t kLanePlaneLimit = 64 * 64;

}  // namespace mssar::cpu
