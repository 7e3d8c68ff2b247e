// The options shared by the MS-SAR entries: scales (integers; the op checks their range) and
// whether the cells are symmetric.
#pragma once
#include "../native/ops/mssar.h"
#include "args.h"

namespace mssar::binding {

inline MssarOptions mssar_options(const Args& a, size_t scales_at, size_t symmetric_at) {
  MssarOptions opt;
  opt.scales = a.integers(scales_at, "scales");
  opt.symmetric = a.boolean(symmetric_at, "symmetric");
  return opt;
}

}  // namespace mssar::binding
