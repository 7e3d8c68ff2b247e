// mssar_add_relu: out = relu(mssar(x) + r), the end of a residual block whose residual branch ends
// in MS-SAR, in one pass: MS-SAR's output is never written on its own. x, r [N, C, H, W] of one
// shape; weight, bias, scales, symmetric as mssar's (ops/mssar.h). Returns out and the gate g.
// Backward: m = dout where out > 0 (the residual's gradient), then MS-SAR's backward of m.
//
// A backend may register fused kernels (the cpu does: mssar_blocked.cpp, for nChw16c and nChw8c,
// which keeps those layouts for out, gate, dx and dr and brings r to x's). A fused kernel returns
// false for inputs it has no fused form for; there, and on backends with no fused kernel at all (the
// reference, cuda), the op composes itself from MS-SAR's kernels and add_relu's (backward:
// relu_backward's, then MS-SAR's) on the same backend.
//
// The gate is state for the backward, not MS-SAR's gate as such: the fused cpu kernels carry the
// ReLU's mask in its sign bit (-g where out is 0), and their backward reads the mask from there. Pass
// the backward the gate the forward returned for the same x.
#pragma once
#include "mssar.h"

namespace mssar {

// Fused kernels: true when done, false (nothing written) when the backend has no fused form for these inputs.
MSSAR_DECLARE_KERNEL(mssar_add_relu_forward, bool(Tensor& out, Tensor& gate, const Tensor& x, const Tensor& weight,
                                                  const Tensor& bias, const Tensor& residual, const MssarOptions& opt))
// dx, dweight, dbias, dres: undefined where not wanted.
MSSAR_DECLARE_KERNEL(mssar_add_relu_backward,
                     bool(Tensor& dx, Tensor& dweight, Tensor& dbias, Tensor& dres, const Tensor& dout,
                          const Tensor& out, const Tensor& x, const Tensor& gate, const Tensor& weight,
                          const MssarOptions& opt))

struct MssarAddReluGrads {
  Tensor dx, dweight, dbias, dres;  // undefined where not needed
};

// Returns {out, gate} (MssarForward's y is out here).
MssarForward mssar_add_relu_forward(const Tensor& x, const Tensor& weight, const Tensor& bias, const Tensor& residual,
                                    const MssarOptions& opt);
// needs: dx, dweight, dbias, dres; per_sample_bias: the bias was [N, C] (dbias then is).
MssarAddReluGrads mssar_add_relu_backward(const Tensor& dout, const Tensor& out, const Tensor& x, const Tensor& gate,
                                          const Tensor& weight, const MssarOptions& opt, const bool needs[4],
                                          bool per_sample_bias = false);

}  // namespace mssar
