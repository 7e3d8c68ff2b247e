// The operand shapes add and mul accept: b of a's shape, or a channel broadcast of b = [1, C, 1, 1]
// or [N, C, 1, 1] against a 4-d a = [N, C, H, W] (squeeze-and-excitation scales, per-channel
// shifts). Nothing else: other shapes are an error.
//
// Layouts: a keeps its layout (any on the cpu, where the kernels read it through its lane view;
// plain on cuda); a b of a's shape is brought to a's layout, a broadcast b is made plain.
#pragma once
#include "checks.h"
#include "layout.h"

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
  if (a.shape() == b.shape()) return r;
  const bool channel_shape = a.ndim() == 4 && b.ndim() == 4 && (b.size(0) == 1 || b.size(0) == a.size(0)) &&
                             b.size(1) == a.size(1) && b.size(2) == 1 && b.size(3) == 1;
  MSSAR_CHECK(channel_shape, op, ": b must have a's shape, or be [1, C, 1, 1] or [N, C, 1, 1] against a 4-d a = ",
              "[N, C, H, W]; got a ", a.describe(), " and b ", b.describe());
  r.same = false;
  r.per_sample = b.size(0) != 1;
  r.n = a.size(0);
  r.c = a.size(1);
  r.hw = a.size(2) * a.size(3);
  return r;
}

// The operands in the layouts the kernels of backend `be` take (see above).
struct BroadcastOperands {
  Tensor a, b;
};
inline BroadcastOperands broadcast_operands(const ChannelBroadcast& bc, const Tensor& a, const Tensor& b, Backend be) {
  BroadcastOperands o;
  o.a = be == Backend::CPU ? a : to_plain(a);
  o.b = bc.same ? to_layout(b, o.a.layout()) : to_plain(b);
  return o;
}

}  // namespace mssar
