// MS-SAR on the CPU for the blocked layouts (nChw16c, nChw8c): the kernels mssar.cpp's entries hand
// blocked tensors to, and those of mssar_add_relu. Same arguments as the mssar kernels
// (ops/mssar.h); every tensor of activations in the one blocked layout, weight and bias plain.
//
// With a residual r (mssar_add_relu), the forward writes y = relu(x g + r) instead of x g and stores
// the ReLU's mask in the gate's sign bit (set, -g, where y is 0; -0 for a gate of 0), and the
// backward (behind_relu) takes dy through that ReLU first (dy where the gate's sign bit is clear, the
// gate its absolute value), writing that gradient, the residual's, to dres when it is defined: one
// stream (y) fewer than reading the mask from the output. That gate is meant for this backward only.
#pragma once
#include "../ops/mssar.h"

namespace mssar::cpu {

void mssar_forward_blocked(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                           const MssarOptions& opt, const Tensor& residual = Tensor());
void mssar_backward_blocked(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                            const Tensor& gate, const Tensor& weight, const MssarOptions& opt,
                            bool behind_relu = false, Tensor* dres = nullptr);

}  // namespace mssar::cpu
