// What the plain (mssar.cpp) and blocked (mssar_blocked.cpp) MS-SAR CPU kernels share: which cells
// are summed separably, how long float partial sums run, the margin every cell lies within, and
// where the forward cells and the adjoint boxes of a pixel start (a = mssar_anchor(s), ops/mssar.h).
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "../ops/mssar.h"

namespace mssar::cpu {

// Cells up to this side are summed separably; larger ones from a summed-area table (plain) or in
// double (blocked).
constexpr int64_t kMssarSeparableMaxScale = 8;

// Float partial sums run over at most this many pixels before they are added in double (keeps
// float32 sums within about 1e-6 relative).
constexpr int64_t kMssarSumBlock = 512;

// The margin around a plane that every cell of every scale lies within, forward and adjoint:
// forward cells reach rows h - s - a .. h + 2 s - a - 1, adjoint boxes p + a + 1 - 2 s .. p + a + s.
inline int64_t mssar_margin(const std::vector<int64_t>& scales) {
  int64_t m = 0;
  for (int64_t s : scales) m = std::max({m, 2 * s - mssar_anchor(s) - 1, s + mssar_anchor(s)});
  return m;
}

// Forward cells of neuron (h, w) at scale s start at (h + i s - a, w + j s - a): origin -s - a for
// cell (i, j) = (-1, -1). Adjoint boxes of pixel (p, q) start at (p + (1 - i) s + a + 1 - 2 s, ...):
// origin a + 1 - 2 s for the mirrored cell (1, 1).
inline int64_t mssar_forward_origin(int64_t s) { return -s - mssar_anchor(s); }
inline int64_t mssar_adjoint_origin(int64_t s) { return mssar_anchor(s) + 1 - 2 * s; }

}  // namespace mssar::cpu
