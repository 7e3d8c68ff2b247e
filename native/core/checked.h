// Checked size arithmetic: the one place where element counts, byte counts and products of
// user-given sizes are computed. Every size a user can influence (shapes, paddings, strides,
// image dimensions, workspaces) goes through these, and an overflow is refused with an Error
// before anything is allocated or any kernel runs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "error.h"
#include "types.h"

namespace mssar {

// A size that overflows or exceeds what one tensor may hold, found where the op is not known
// (numel of a shape); the binding's guard puts the running function's name in front.
class SizeError : public Error {
 public:
  explicit SizeError(const std::string& msg) : Error(msg) {}
};

// The most elements one tensor may hold: 2^53, the largest count a JavaScript number holds
// exactly. A byte count (at most 8 bytes an element, blocked layouts pad C by at most 15) then
// stays far below 2^63, and so does any index a kernel computes from it.
constexpr int64_t kMaxElements = int64_t(1) << 53;

// a * b into *out; false on int64 overflow.
inline bool mul_ok(int64_t a, int64_t b, int64_t* out) { return !__builtin_mul_overflow(a, b, out); }
inline bool add_ok(int64_t a, int64_t b, int64_t* out) { return !__builtin_add_overflow(a, b, out); }

// The product of the dimensions, or -1 when a dimension is negative or the product exceeds
// kMaxElements (checked at each step, so it cannot wrap).
inline int64_t checked_numel(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) {
    if (d < 0) return -1;
    if (!mul_ok(n, d, &n)) return -1;
  }
  // A zero anywhere makes the product 0 whatever the other dimensions; those must still be sane.
  if (n == 0) {
    int64_t nz = 1;
    for (int64_t d : s)
      if (d != 0 && !mul_ok(nz, d, &nz)) return -1;
    if (nz > kMaxElements) return -1;
  }
  return n > kMaxElements ? -1 : n;
}

// Product of sizes for a workspace or buffer: -1 on overflow or beyond `limit`.
inline int64_t checked_product(std::initializer_list<int64_t> v, int64_t limit = kMaxElements) {
  int64_t n = 1;
  for (int64_t d : v) {
    if (d < 0 || !mul_ok(n, d, &n)) return -1;
  }
  return n > limit ? -1 : n;
}

}  // namespace mssar
