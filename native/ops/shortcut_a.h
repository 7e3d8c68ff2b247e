// shortcut_a: He et al.'s option A shortcut of the CIFAR ResNets, identity subsampled by `stride`
// and zero-padded with extra channels, half before x's channels and half after, as the widely used
// PyTorch CIFAR ResNet pads them (F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, P, P))), so that weights move
// between the two and give the same predictions:
//   P = (Cout - C) / 2 (rounded down; an odd extra channel goes after),
//   y[n, c, h, w] = x[n, c - P, h s, w s] for P <= c < P + C, 0 elsewhere,
// x [N, C, H, W], y [N, Cout, Ho, Wo], Ho = (H - 1) / s + 1 (every s-th row from the first), Wo
// likewise. Backward: dx[n, c, h s, w s] = dy[n, c + P, h, w], 0 elsewhere.
//
// On the cpu y and dx keep the layout of x and dy (any layout); cuda and the reference take plain
// tensors.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

// The zero channels placed before x's: P above.
inline int64_t shortcut_a_pad_before(int64_t in_channels, int64_t out_channels) {
  return (out_channels - in_channels) / 2;
}

MSSAR_DECLARE_KERNEL(shortcut_a_forward, void(Tensor& y, const Tensor& x, int64_t stride))
MSSAR_DECLARE_KERNEL(shortcut_a_backward, void(Tensor& dx, const Tensor& dy, int64_t stride))

Tensor shortcut_a_forward(const Tensor& x, int64_t stride, int64_t out_channels);
Tensor shortcut_a_backward(const Tensor& dy, const Shape& input_shape, int64_t stride);

}  // namespace mssar
