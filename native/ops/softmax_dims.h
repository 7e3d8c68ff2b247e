// The operand of softmax and log_softmax: a 2-d [N, K] tensor, the op along dim 1, or a 3-d
// [outer, K, inner] one, the op along dim 1 too (the TypeScript op views any tensor so, the dim in
// the middle, without a copy); a 2-d tensor is [N, K, 1].
#pragma once
#include "checks.h"

namespace mssar {

struct SoftmaxDims {
  int64_t outer, k, inner;
};

inline void check_softmax_operand(const char* op, const char* name, const Tensor& t) {
  check_defined(op, name, t);
  MSSAR_CHECK(t.ndim() == 2 || t.ndim() == 3, op, ": ", name, " must be 2-d [N, K] or 3-d [outer, K, inner], got ",
              t.describe());
  check_plain(op, name, t);
}

inline SoftmaxDims softmax_dims(const Tensor& t) {
  return SoftmaxDims{t.size(0), t.size(1), t.ndim() == 3 ? t.size(2) : 1};
}

}  // namespace mssar
