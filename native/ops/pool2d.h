// The window geometry shared by max_pool2d and avg_pool2d: kernel, stride, padding, ceil mode, and
// the output size rule (PyTorch's, so that models and checkpoints carry over unchanged).
#pragma once
#include <cstdint>

#include "../core/tensor.h"

namespace mssar {

struct Pool2dParams {
  int64_t kh = 1, kw = 1;  // window
  int64_t sh = 1, sw = 1;  // stride
  int64_t ph = 0, pw = 0;  // zero (avg) or -inf (max) padding on each side
  bool ceil_mode = false;
  bool count_include_pad = true;  // avg_pool2d only
};

// floor((in + 2 pad - k) / stride) + 1, or with ceil in ceil mode, where the last window must
// start inside the input or its left padding (else it is dropped).
int64_t pool2d_output_size(int64_t in, int64_t k, int64_t pad, int64_t stride, bool ceil_mode);

// Checks the options and a 4-d input shape and returns the output shape [N, C, OH, OW]. Kernel and
// stride >= 1, 0 <= padding <= kernel / 2 (so that every window holds an input cell) and an
// output of at least 1 x 1. Messages call the input `name` and show it as `shown` ("x" and
// x.describe(), or "input shape" and its shape).
Shape pool2d_output_shape(const char* op, const Shape& input_shape, const char* name, const std::string& shown,
                          const Pool2dParams& p);

// The window of output (oh, ow) along one axis: [start, end) clipped to the input, and the length
// used by count_include_pad (clipped to the padded input only). Shared by every backend.
struct PoolSpan {
  int64_t start, end, padded_len;
};
#if defined(__CUDACC__)
__host__ __device__
#endif
inline PoolSpan pool_span(int64_t o, int64_t in, int64_t k, int64_t stride, int64_t pad) {
  int64_t s = o * stride - pad;
  int64_t e = s + k < in + pad ? s + k : in + pad;
  const int64_t padded = e - s;
  if (s < 0) s = 0;
  if (e > in) e = in;
  return PoolSpan{s, e, padded};
}

// The outputs o in [lo, hi) whose window cell k (0 <= k < kernel) lies inside the input along one
// axis: 0 <= o * stride - pad + k < in. For the CPU kernels, which sweep a row of outputs per cell.
struct PoolRange {
  int64_t lo, hi;
};
inline PoolRange pool_range(int64_t k, int64_t in, int64_t out, int64_t stride, int64_t pad) {
  const int64_t first = pad - k;  // o * stride >= first
  const int64_t last = in - 1 + pad - k;  // o * stride <= last
  if (last < 0) return PoolRange{0, 0};
  const int64_t lo = first > 0 ? (first + stride - 1) / stride : 0;
  const int64_t hi = last / stride + 1 < out ? last / stride + 1 : out;
  return PoolRange{lo, hi > lo ? hi : lo};
}

}  // namespace mssar
