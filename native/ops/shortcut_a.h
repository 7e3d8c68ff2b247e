// shortcut_a: He et al.'s option A shortcut of the CIFAR ResNets, identity subsampled by `stride`
// and zero-padded with extra channels at the end:
//   y[n, c, h, w] = x[n, c, h s, w s] for c < C, 0 for C <= c < Cout,
// x [N, C, H, W], y [N, Cout, Ho, Wo], Ho = (H - 1) / s + 1 (every s-th row from the first), Wo
// likewise. Backward: dx[n, c, h s, w s] = dy[n, c, h, w] for c < C, 0 elsewhere.
//
// On the cpu y and dx keep the layout of x and dy (any layout); cuda and the reference take plain
// tensors.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(shortcut_a_forward, void(Tensor& y, const Tensor& x, int64_t stride))
MSSAR_DECLARE_KERNEL(shortcut_a_backward, void(Tensor& dx, const Tensor& dy, int64_t stride))

Tensor shortcut_a_forward(const Tensor& x, int64_t stride, int64_t out_channels);
Tensor shortcut_a_backward(const Tensor& dy, const Shape& input_shape, int64_t stride);

}  // namespace mssar
