// The operand shapes add and mul accept: b of a's shape (any layout, the same as a's), or a channel
// broadcast of b = [1, C, 1, 1] or [N, C, 1, 1] against a plain 4-d a = [N, C, H, W] (squeeze-and-
// excitation scales, per-channel shifts). Nothing else: other shapes are an error.
#pragma once
#include "checks.h"

namespace mssar {

struct ChannelBroadcast {
  bool same = true;         // b has a's shape: elementwise
  bool per_sample = false;  // b is [N, C, 1, 1] (else [1, C, 1, 1]); meaningful when !same
  int64_t n = 0, c = 0, hw = 0;
};

// Checks a and b for `op` (their dtypes too; their devices are left to select_backend).
inline ChannelBroadcast check_channel_broadcast(const char* op, const Tensor& a, const Tensor& b) {
  check_float(op, "a", a);
  check_float(op, "b", b);
  check_same_dtype(op, "a", a, "b", b);
  ChannelBroadcast r;
  if (a.shape() == b.shape()) {
    MSSAR_CHECK(a.layout() == b.layout(), op, ": a and b layouts differ: ", a.describe(), " and ", b.describe());
    return r;
  }
  const bool channel_shape = a.ndim() == 4 && b.ndim() == 4 && (b.size(0) == 1 || b.size(0) == a.size(0)) &&
                             b.size(1) == a.size(1) && b.size(2) == 1 && b.size(3) == 1;
  MSSAR_CHECK(channel_shape, op, ": b must have a's shape, or be [1, C, 1, 1] or [N, C, 1, 1] against a 4-d a = ",
              "[N, C, H, W]; got a ", a.describe(), " and b ", b.describe());
  check_plain(op, "a", a);
  check_plain(op, "b", b);
  r.same = false;
  r.per_sample = b.size(0) != 1;
  r.n = a.size(0);
  r.c = a.size(1);
  r.hw = a.size(2) * a.size(3);
  return r;
}

}  // namespace mssar
