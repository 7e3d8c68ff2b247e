#include "conv2d.h"

#include "../core/checked.h"
#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(conv2d_forward)
MSSAR_DEFINE_KERNEL(conv2d_backward)
MSSAR_DEFINE_KERNEL(conv2d_forward_layout)
MSSAR_DEFINE_KERNEL(conv2d_backward_data_layout)

namespace {

// Options this large are mistakes, and would overflow the size arithmetic (and cuDNN's ints).
constexpr int64_t kMaxOption = int64_t(1) << 30;

void check_option(const char* op, const char* name, const std::array<int64_t, 2>& v, int64_t min, const Tensor& x,
                  const Tensor& w) {
  for (int64_t d : v)
    MSSAR_CHECK(d >= min && d < kMaxOption, op, ": ", name, " must be ", min == 0 ? "in [0, 2^30)" : "in [1, 2^30)",
                ", got [", v[0], ",", v[1], "] (x ", x.describe(), ", weight ", w.describe(), ")");
}

// The layouts a backend can read directly; anything else is made plain first.
Tensor readable(const Tensor& t, Backend b) {
  if (b == Backend::CPU && t.dtype() == DType::Float32) return t;  // oneDNN reads every layout tag
  return to_plain(t);
}

// A new tensor; out of memory names the op and what was being made.
Tensor allocate(const char* op, const char* what, const Shape& shape, const Tensor& like,
                Layout layout = Layout::Plain) {
  try {
    return Tensor::empty(shape, like.dtype(), like.device(), layout);
  } catch (const OutOfMemory& e) {
    throw OutOfMemory(cat(op, ": cannot allocate ", what, " ", shape_str(shape), " ", dtype_name(like.dtype()), " ",
                          device_name(like.device()), ": ", e.what()));
  }
}

void check_cuda_plain(const char* op, const char* name, const Tensor& t, Backend b) {
  if (b == Backend::CUDA) check_plain(op, name, t);
}

}  // namespace

Conv2dShape conv2d_shape(const char* op, const Tensor& x, const Tensor& w, const Conv2dParams& p) {
  check_float(op, "x", x);
  check_float(op, "weight", w);
  MSSAR_CHECK(x.ndim() == 4, op, ": x must be 4-d [N, C, H, W], got ", x.describe());
  MSSAR_CHECK(w.ndim() == 4, op, ": weight must be 4-d [Cout, Cin/groups, kh, kw], got ", w.describe(), " (x ",
              x.describe(), ")");
  check_same_dtype(op, "x", x, "weight", w);
  // Sizes and options stay below 2^31, so no product below overflows int64 (and cuDNN's ints hold them).
  for (int64_t d : x.shape())
    MSSAR_CHECK(d < kMaxOption * 2, op, ": x ", x.describe(), " has a dimension of 2^31 or more");
  for (int64_t d : w.shape())
    MSSAR_CHECK(d < kMaxOption * 2, op, ": weight ", w.describe(), " has a dimension of 2^31 or more");
  check_option(op, "stride", p.stride, 1, x, w);
  check_option(op, "padding", p.padding, 0, x, w);
  check_option(op, "dilation", p.dilation, 1, x, w);
  MSSAR_CHECK(p.groups >= 1 && p.groups < kMaxOption, op, ": groups must be >= 1, got ", p.groups, " (x ",
              x.describe(), ", weight ", w.describe(), ")");
  Conv2dShape s{};
  s.N = x.size(0), s.C = x.size(1), s.H = x.size(2), s.W = x.size(3);
  s.O = w.size(0), s.KH = w.size(2), s.KW = w.size(3);
  s.sh = p.stride[0], s.sw = p.stride[1], s.ph = p.padding[0], s.pw = p.padding[1];
  s.dh = p.dilation[0], s.dw = p.dilation[1], s.G = p.groups;
  MSSAR_CHECK(s.C >= 1 && s.H >= 1 && s.W >= 1, op, ": x must have at least one channel, row and column, got ",
              x.describe());
  MSSAR_CHECK(s.O >= 1 && w.size(1) >= 1 && s.KH >= 1 && s.KW >= 1, op,
              ": weight must have at least one output channel, input channel and kernel element, got ", w.describe());
  MSSAR_CHECK(s.C % s.G == 0, op, ": groups ", s.G, " must divide the input channels of x ", x.describe(),
              " (weight ", w.describe(), ")");
  MSSAR_CHECK(s.O % s.G == 0, op, ": groups ", s.G, " must divide the output channels of weight ", w.describe(),
              " (x ", x.describe(), ")");
  MSSAR_CHECK(w.size(1) * s.G == s.C, op, ": weight ", w.describe(), " takes ", w.size(1), " input channels per group (",
              w.size(1) * s.G, " with groups ", s.G, ") but x ", x.describe(), " has ", s.C);
  const int64_t span_h = s.H + 2 * s.ph - s.dh * (s.KH - 1) - 1;
  const int64_t span_w = s.W + 2 * s.pw - s.dw * (s.KW - 1) - 1;
  MSSAR_CHECK(span_h >= 0 && span_w >= 0, op, ": output size would be less than 1: x ", x.describe(), ", weight ",
              w.describe(), ", padding [", s.ph, ",", s.pw, "], dilation [", s.dh, ",", s.dw,
              "]: the dilated kernel is larger than the padded input");
  s.Ho = span_h / s.sh + 1;
  s.Wo = span_w / s.sw + 1;
  MSSAR_CHECK(s.Ho < kMaxOption * 2 && s.Wo < kMaxOption * 2, op, ": output size [", s.Ho, ",", s.Wo,
              "] reaches 2^31: x ", x.describe(), ", padding [", s.ph, ",", s.pw, "]");
  MSSAR_CHECK(checked_product({s.N, s.O, s.Ho, s.Wo}) >= 0, op, ": output [", s.N, ",", s.O, ",", s.Ho, ",", s.Wo,
              "] would hold more than 2^53 elements: x ", x.describe(), ", weight ", w.describe(), ", padding [", s.ph,
              ",", s.pw, "], stride [", s.sh, ",", s.sw, "]");
  // The largest buffer a backend derives from these sizes (im2col: the columns of one image, every group).
  MSSAR_CHECK(checked_product({s.C, s.KH, s.KW, s.Ho, s.Wo}) >= 0, op, ": the unfolded input [", s.C, "*",
              s.KH, "*", s.KW, ", ", s.Ho, "*", s.Wo, "] would hold more than 2^53 elements: x ", x.describe(),
              ", weight ", w.describe());
  return s;
}

Tensor conv2d_forward(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dParams& p) {
  const char* op = "conv2d";
  Conv2dShape s = conv2d_shape(op, x, w, p);
  if (b.defined()) {
    MSSAR_CHECK(b.ndim() == 1 && b.size(0) == s.O, op, ": bias must have shape [", s.O, "] (one per output channel of weight ",
                w.describe(), "), got ", b.describe());
    check_like(op, "x", x, "bias", b);
    check_plain(op, "bias", b);
  }
  Backend be = select_backend(op, {&x, &w, &b});
  check_cuda_plain(op, "x", x, be);
  check_cuda_plain(op, "weight", w, be);
  const Tensor xr = readable(x, be), wr = readable(w, be);
  const Layout yl = s.N > 0 && conv2d_forward_layout_kernels().has(be)
                        ? conv2d_forward_layout_kernels()[be](xr, wr, b, s)
                        : Layout::Plain;
  Tensor y = allocate(op, "the output", {s.N, s.O, s.Ho, s.Wo}, x, yl);
  if (s.N == 0) return y;
  conv2d_forward_kernels()[be](y, xr, wr, b, s);
  return y;
}

std::array<Tensor, 3> conv2d_backward(const Tensor& dy, const Tensor& x, const Tensor& w, bool has_bias,
                                      const Conv2dParams& p, std::array<bool, 3> need) {
  const char* op = "conv2d backward";
  Conv2dShape s = conv2d_shape(op, x, w, p);
  check_like(op, "x", x, "dy", dy);
  const Shape want{s.N, s.O, s.Ho, s.Wo};
  MSSAR_CHECK(dy.shape() == want, op, ": dy must have the output's shape ", shape_str(want), " (x ", x.describe(),
              ", weight ", w.describe(), "), got ", dy.describe());
  Backend be = select_backend(op, {&dy, &x, &w});
  check_cuda_plain(op, "dy", dy, be);
  check_cuda_plain(op, "x", x, be);
  check_cuda_plain(op, "weight", w, be);
  need[2] = need[2] && has_bias;
  const Tensor dyr = readable(dy, be), xr = readable(x, be), wr = readable(w, be);
  std::array<Tensor, 3> g;
  if (need[0]) {
    const Layout dxl = s.N > 0 && conv2d_backward_data_layout_kernels().has(be)
                           ? conv2d_backward_data_layout_kernels()[be](dyr, wr, s)
                           : Layout::Plain;
    g[0] = allocate(op, "dx", x.shape(), x, dxl);
  }
  if (need[1]) g[1] = allocate(op, "dweight", w.shape(), w);
  if (need[2]) g[2] = allocate(op, "dbias", {s.O}, w);
  if (!need[0] && !need[1] && !need[2]) return g;
  if (s.N == 0) {
    for (Tensor& t : g)
      if (t.defined()) t.zero_();
    return g;
  }
  conv2d_backward_kernels()[be](g[0], g[1], g[2], dyr, xr, wr, s);
  return g;
}

}  // namespace mssar
