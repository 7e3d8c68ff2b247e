// frozen_model: the inference path of a network, built once from its modules (src/inference/) and run
// as one native call per forward: no autograd, no per-op trip through JavaScript. Its steps work on
// numbered values (0 is the input; each step adds one):
//   conv        act(conv(v) + b [+ residual]) through frozen_conv2d (batch norm already folded into
//               w and b by the builder; ReLU and the residual sum fused into the convolution)
//   shortcutA   ops/shortcut_a.h
//   mssarAddRelu relu(mssar(v) + residual), ops/mssar_add_relu.h; with a global weight gw [C] the
//               bias is per image, bias[c] + gw[c] * mean(v[n, c]) (MS-SAR's global-average scale)
//   seAddRelu   relu(se(v) + residual): squeeze-and-excitation with fc1, fc2, then the sum and ReLU
//   addRelu     relu(a + b)
//   head        global average pooling, flatten, linear: [N, C, H, W] -> [N, classes]
// Every parameter is copied when its step is added, so the model is a snapshot: later changes to
// the module's tensors do not reach it. float32 on the CPU only (frozen_conv2d has no other maker).
#pragma once
#include <memory>
#include <vector>

#include "frozen_conv2d.h"
#include "mssar.h"

namespace mssar {

class FrozenModel {
 public:
  int64_t add_conv(int64_t in, const Tensor& w, const Tensor& b, int64_t stride, int64_t padding, bool relu,
                   int64_t residual);  // residual -1: none
  int64_t add_shortcut_a(int64_t in, int64_t stride, int64_t out_channels);
  // global_weight: undefined for MS-SAR without the global-average scale.
  int64_t add_mssar_add_relu(int64_t in, const Tensor& weight, const Tensor& bias, const Tensor& global_weight,
                             const MssarOptions& opt, int64_t residual);
  int64_t add_se_add_relu(int64_t in, const Tensor& w1, const Tensor& b1, const Tensor& w2, const Tensor& b2,
                          int64_t residual);
  int64_t add_add_relu(int64_t a, int64_t b);
  int64_t add_head(int64_t in, const Tensor& w, const Tensor& b);

  // The last value for input x [N, C, H, W] float32 cpu (C the first convolution's input channels).
  Tensor run(const Tensor& x);
  int64_t steps() const { return int64_t(steps_.size()); }
  // Bytes of the copies of the parameters (and of the packed weights made so far).
  int64_t bytes() const;

 private:
  enum class Kind { Conv, ShortcutA, MssarAddRelu, SeAddRelu, AddRelu, Head };
  struct Step {
    Kind kind;
    int64_t in = -1, other = -1;  // other: the residual or addRelu's second operand
    std::shared_ptr<FrozenConv2d> conv;
    std::vector<Tensor> params;
    int64_t stride = 1, padding = 0, kernel = 1, out_channels = 0;
    MssarOptions mssar;
  };
  int64_t push(Step s);
  int64_t value(const char* op, int64_t v) const;
  Shape conv_output(const Step& s, const Tensor& x) const;
  Tensor apply(const Step& s, std::vector<Tensor>& values, const std::vector<int64_t>& last_use, size_t index);

  std::vector<Step> steps_;
  std::vector<int64_t> in_channels_ = {-1};  // channels of each value where known (-1: any)
  int64_t input_channels_ = -1;
};

}  // namespace mssar
