// conv2d: y[n, o, i, j] = b[o] + sum over c in o's group, kh, kw of
//   w[o, c, kh, kw] * x[n, g*Cin/G + c, i*sh - ph + kh*dh, j*sw - pw + kw*dw]   (zero outside x)
// x [N, Cin, H, W], w [Cout, Cin/G, KH, KW], b [Cout] or none, y [N, Cout, Ho, Wo] with
// Ho = (H + 2 ph - dh (KH - 1) - 1) / sh + 1 (same for Wo).
#pragma once
#include <array>

#include "../core/dispatch.h"

namespace mssar {

struct Conv2dParams {
  std::array<int64_t, 2> stride{1, 1};
  std::array<int64_t, 2> padding{0, 0};
  std::array<int64_t, 2> dilation{1, 1};
  int64_t groups = 1;
};

// The sizes of one convolution, worked out once by the ops layer for every kernel.
struct Conv2dShape {
  int64_t N, C, H, W;   // x
  int64_t O, KH, KW;    // w: [O, C / groups, KH, KW]
  int64_t Ho, Wo;       // y
  int64_t sh, sw, ph, pw, dh, dw, G;
};

// Kernels get plain x, w, dy unless they say otherwise (the float32 cpu kernel takes any layout).
// y, dx, dw, db are preallocated; the backward writes (=) the ones that are defined. dw and db are
// plain; y and dx are plain unless the backend's layout kernels below say otherwise.
MSSAR_DECLARE_KERNEL(conv2d_forward, void(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s))
MSSAR_DECLARE_KERNEL(conv2d_backward, void(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x,
                                           const Tensor& w, const Conv2dShape& s))
// The layout a backend writes y in for these inputs (forward), and dx in for this dy and w
// (backward): the float32 cpu kernel answers with the format oneDNN prefers when it is one of our
// layouts, so that it travels to the next op without a reorder. Backends without these kernels
// write plain tensors.
MSSAR_DECLARE_KERNEL(conv2d_forward_layout,
                     Layout(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s))
MSSAR_DECLARE_KERNEL(conv2d_backward_data_layout, Layout(const Tensor& dy, const Tensor& w, const Conv2dShape& s))

Conv2dShape conv2d_shape(const char* op, const Tensor& x, const Tensor& w, const Conv2dParams& p);

Tensor conv2d_forward(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dParams& p);
// need: {dx, dw, db}; returns undefined tensors for the ones not needed (db also when !has_bias).
std::array<Tensor, 3> conv2d_backward(const Tensor& dy, const Tensor& x, const Tensor& w, bool has_bias,
                                      const Conv2dParams& p, std::array<bool, 3> need);

}  // namespace mssar
