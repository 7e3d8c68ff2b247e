// Reading the window options of the pooling entries: [height, width] pairs of integers. The values
// themselves (>= 1, padding <= kernel / 2, ...) are checked by the op, which names the tensors.
#pragma once
#include "../native/ops/pool2d.h"
#include "args.h"


namespace mssar::binding {

// kernel, stride, padding at positions first, first + 1, first + 2, then ceilMode.
inline Pool2dParams pool2d_args(const Args& a, size_t first) {
  Pool2dParams p;
  const auto k = a.pair(first, "kernel"), s = a.pair(first + 1, "stride"), pad = a.pair(first + 2, "padding");
  p.kh = k[0], p.kw = k[1];
  p.sh = s[0], p.sw = s[1];
  p.ph = pad[0], p.pw = pad[1];
  p.ceil_mode = a.boolean(first + 3, "ceilMode");
  return p;
}

}  // namespace mssar::binding
