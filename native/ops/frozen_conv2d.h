// frozen_conv2d: a convolution of the inference path (ops/frozen_model.h) whose weights and bias are
// copied once, when it is made, into the form the backend runs fastest, with an optional ReLU and an
// optional residual fused into it:
//   y = act(conv(x, w) + b + (accumulate ? y : 0)),  act = ReLU or the identity,
// x [N, C, H, W] (any layout), w [O, C, KH, KW] plain float32 (groups 1, dilation 1, square stride
// and padding), b [O], y [N, O, Ho, Wo] in the layout output_layout() names. The object never reads
// w and b again: it is a snapshot of them.
//
// Only the cpu registers a maker (oneDNN, native/cpu/frozen_conv2d.cpp); the frozen model is
// CPU-only, and CUDA models run their ordinary forward (docs/performance.md).
#pragma once
#include <memory>

#include "../core/dispatch.h"

namespace mssar {

struct FrozenConv2dSpec {
  int64_t stride = 1;
  int64_t padding = 0;
  bool relu = false;
};

class FrozenConv2d {
 public:
  virtual ~FrozenConv2d() = default;
  // The layout run() writes y in for an input like x (accumulate: y is read in it too).
  virtual Layout output_layout(const Tensor& x, bool accumulate) = 0;
  // y preallocated [N, O, Ho, Wo] float32 cpu in output_layout(x, accumulate).
  virtual void run(Tensor& y, const Tensor& x, bool accumulate) = 0;
  // Bytes the object holds (weights in every packed form it made).
  virtual int64_t bytes() const = 0;
};

// w, b checked by the caller (ops/frozen_model.cpp).
MSSAR_DECLARE_KERNEL(frozen_conv2d_create,
                     std::unique_ptr<FrozenConv2d>(const Tensor& w, const Tensor& b, const FrozenConv2dSpec& spec))

}  // namespace mssar
