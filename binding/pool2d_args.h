// Reading the window options of the pooling entries: [height, width] pairs of integers. The values
// themselves (>= 1, padding <= kernel / 2, ...) are checked by the op, which names the tensors.
#pragma once
#include "../native/ops/pool2d.h"
#include "args.h"

#include <tuple>
#include <utility>
#include <vector>

namespace mssar::binding {

inline std::pair<int64_t, int64_t> pair_arg(const Args& a, size_t i, const char* name) {
  std::vector<int64_t> v = a.integers(i, name);
  if (v.size() != 2) a.fail(i, name, "a pair of integers [height, width]");
  return {v[0], v[1]};
}

// kernel, stride, padding at positions first, first + 1, first + 2, then ceilMode.
inline Pool2dParams pool2d_args(const Args& a, size_t first) {
  Pool2dParams p;
  std::tie(p.kh, p.kw) = pair_arg(a, first, "kernel");
  std::tie(p.sh, p.sw) = pair_arg(a, first + 1, "stride");
  std::tie(p.ph, p.pw) = pair_arg(a, first + 2, "padding");
  p.ceil_mode = a.boolean(first + 3, "ceilMode");
  return p;
}

}  // namespace mssar::binding
