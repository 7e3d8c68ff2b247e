#include "pool2d.h"

#include "../core/error.h"

namespace mssar {

namespace {
// Division rounding toward negative infinity (the numerator may be negative for tiny inputs).
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
}  // namespace

int64_t pool2d_output_size(int64_t in, int64_t k, int64_t pad, int64_t stride, bool ceil_mode) {
  int64_t out = floor_div(in + 2 * pad - k + (ceil_mode ? stride - 1 : 0), stride) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

Shape pool2d_output_shape(const char* op, const Shape& s, const char* name, const std::string& shown,
                          const Pool2dParams& p) {
  MSSAR_CHECK(s.size() == 4, op, ": ", name, " must be 4-d [N, C, H, W], got ", shown);
  MSSAR_CHECK(p.kh >= 1 && p.kw >= 1, op, ": kernel size must be >= 1, got [", p.kh, ",", p.kw, "] for ", name, " ", shown);
  MSSAR_CHECK(p.sh >= 1 && p.sw >= 1, op, ": stride must be >= 1, got [", p.sh, ",", p.sw, "] for ", name, " ", shown);
  MSSAR_CHECK(p.ph >= 0 && p.pw >= 0, op, ": padding must be >= 0, got [", p.ph, ",", p.pw, "] for ", name, " ", shown);
  MSSAR_CHECK(p.ph <= p.kh / 2 && p.pw <= p.kw / 2, op, ": padding [", p.ph, ",", p.pw,
              "] must be at most half the kernel size [", p.kh, ",", p.kw, "] for ", name, " ", shown);
  // Bounds that keep every product below int64 and int32 index limits.
  MSSAR_CHECK(p.kh <= (1 << 20) && p.kw <= (1 << 20) && p.sh <= (1 << 20) && p.sw <= (1 << 20), op,
              ": kernel size and stride must be at most 2^20, got kernel [", p.kh, ",", p.kw, "], stride [", p.sh, ",",
              p.sw, "] for ", name, " ", shown);
  MSSAR_CHECK(s[2] * s[3] < (int64_t(1) << 31), op, ": an input plane must hold fewer than 2^31 cells, got ", name, " ", shown);
  const int64_t oh = pool2d_output_size(s[2], p.kh, p.ph, p.sh, p.ceil_mode);
  const int64_t ow = pool2d_output_size(s[3], p.kw, p.pw, p.sw, p.ceil_mode);
  MSSAR_CHECK(oh >= 1 && ow >= 1, op, ": output size ", oh, "x", ow, " is too small (kernel [", p.kh, ",", p.kw,
              "], stride [", p.sh, ",", p.sw, "], padding [", p.ph, ",", p.pw, "]", p.ceil_mode ? ", ceil mode" : "",
              ") for ", name, " ", shown);
  return Shape{s[0], s[1], oh, ow};
}

}  // namespace mssar
