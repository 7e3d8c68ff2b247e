// Every layout of a 4-d tensor as one shape: [N, CB, HW, B], channel c = cb * B + lane.
//   Plain         B = 1, CB = C            ((n C + c) HW + hw)
//   Blocked16/8   B = 16/8, CB = ceil(C/B) ((n CB + cb) HW + hw) B + lane, lanes past C are padding
//   ChannelsLast  B = C, CB = 1            (n HW + hw) C + c
// Per-channel kernels (batch norm, pooling over the whole map, channel scales) written against this
// view work on every layout: the lanes of a block are B consecutive channels, a natural SIMD vector.
#pragma once
#include <cstdint>

#include "tensor.h"

namespace mssar {

struct LaneView {
  int64_t N = 0, C = 0, CB = 0, HW = 0, B = 1;
  // Physical offset of (n, cb, hw, lane).
  int64_t at(int64_t n, int64_t cb, int64_t hw, int64_t lane) const { return ((n * CB + cb) * HW + hw) * B + lane; }
  // Channels of block cb that exist (the rest of its B lanes are padding).
  int64_t lanes(int64_t cb) const { return C - cb * B < B ? C - cb * B : B; }
};

inline LaneView lane_view(const Tensor& t) {
  LaneView v;
  v.N = t.size(0);
  v.C = t.size(1);
  v.HW = t.size(2) * t.size(3);
  switch (t.layout()) {
    case Layout::Plain: v.B = 1, v.CB = v.C; break;
    case Layout::ChannelsLast: v.B = v.C, v.CB = 1; break;
    default: v.B = layout_block(t.layout()), v.CB = (v.C + v.B - 1) / v.B; break;
  }
  return v;
}

// Whether a layout keeps channels in lanes of SIMD width (blocked), where padding lanes exist.
inline bool is_blocked(Layout l) { return l == Layout::Blocked16 || l == Layout::Blocked8; }

}  // namespace mssar
