// Where a logical element (n, c, h, w) of a 4-d tensor sits in memory in each layout, and which
// element a physical offset holds. Host and device code: the CUDA reorder kernel uses it, and its
// host emulation test runs the same functions against the CPU reorder.
#pragma once
#include <cstdint>

#include "../core/types.h"

#ifdef __CUDACC__
#define MSSAR_LAYOUT_HD __host__ __device__ __forceinline__
#else
#define MSSAR_LAYOUT_HD inline
#endif

namespace mssar {

// The geometry of one layout of [N, C, H, W]; I is the index type (32-bit when every offset fits).
template <class I>
struct LayoutIndex {
  I C, H, W;
  I block;   // channels per block: 16 or 8 for blocked layouts, 1 otherwise
  I blocks;  // channel blocks, ceil(C / block); the padding channels C .. blocks * block - 1 hold zeros
  int kind;  // 0 plain (NCHW), 1 channels-last (NHWC), 2 blocked (nChw16c, nChw8c)

  MSSAR_LAYOUT_HD I offset(I n, I c, I h, I w) const {
    if (kind == 0) return ((n * C + c) * H + h) * W + w;
    if (kind == 1) return ((n * H + h) * W + w) * C + c;
    return (((n * blocks + c / block) * H + h) * W + w) * block + c % block;
  }

  // The element at physical offset i; c >= C for the padding channels of blocked layouts.
  MSSAR_LAYOUT_HD void position(I i, I& n, I& c, I& h, I& w) const {
    if (kind == 0) {
      w = i % W, i /= W;
      h = i % H, i /= H;
      c = i % C, n = i / C;
    } else if (kind == 1) {
      c = i % C, i /= C;
      w = i % W, i /= W;
      h = i % H, n = i / H;
    } else {
      const I in_block = i % block;
      i /= block;
      w = i % W, i /= W;
      h = i % H, i /= H;
      c = (i % blocks) * block + in_block, n = i / blocks;
    }
  }
};

// Host side: the geometry of a 4-d shape in `layout`.
template <class I>
inline LayoutIndex<I> layout_index(const Shape& s, Layout layout) {
  const int64_t b = layout_block(layout);
  LayoutIndex<I> li;
  li.C = I(s[1]), li.H = I(s[2]), li.W = I(s[3]);
  li.block = I(b);
  li.blocks = I((s[1] + b - 1) / b);
  li.kind = layout == Layout::Plain ? 0 : layout == Layout::ChannelsLast ? 1 : 2;
  return li;
}

// One element of a reorder: out's physical offset i gets in's value of the same (n, c, h, w), or
// zero in out's padding channels.
template <class T, class I>
MSSAR_LAYOUT_HD void reorder_element(T* out, const T* in, const LayoutIndex<I>& to, const LayoutIndex<I>& from, I i) {
  I n, c, h, w;
  to.position(i, n, c, h, w);
  out[i] = c < to.C ? in[from.offset(n, c, h, w)] : T(0);
}

}  // namespace mssar
