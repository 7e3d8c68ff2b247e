// mssar_add_relu: out = relu(mssar(x) + r), the end of a residual block whose residual branch ends
// in MS-SAR, in one pass: MS-SAR's output is never written on its own. x, r [N, C, H, W] of one
// shape; weight, bias, scales, symmetric as mssar's (ops/mssar.h). Returns out and the gate g.
// Backward: m = dout where out > 0 (the residual's gradient), then MS-SAR's backward of m.
//
// On the cpu nChw16c and nChw8c are kept (out, gate, dx, dr in x's layout, r brought to it) and
// run fused (mssar_blocked.cpp); other layouts, cuda and the reference run MS-SAR's kernels and
// then add_relu's (relu_backward's, then MS-SAR's, backward).
//
// The gate is state for the backward, not MS-SAR's gate as such: the fused cpu kernels carry the
// ReLU's mask in its sign bit (-g where out is 0), and their backward reads the mask from there. Pass
// the backward the gate the forward returned for the same x.
#pragma once
#include "mssar.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(mssar_add_relu_forward, void(Tensor& out, Tensor& gate, const Tensor& x, const Tensor& weight,
                                                  const Tensor& bias, const Tensor& residual, const MssarOptions& opt))
// dx, dweight, dbias, dres: undefined where not wanted.
MSSAR_DECLARE_KERNEL(mssar_add_relu_backward,
                     void(Tensor& dx, Tensor& dweight, Tensor& dbias, Tensor& dres, const Tensor& dout,
                          const Tensor& out, const Tensor& x, const Tensor& gate, const Tensor& weight,
                          const MssarOptions& opt))

struct MssarAddReluGrads {
  Tensor dx, dweight, dbias, dres;  // undefined where not needed
};

// Returns {out, gate} (MssarForward's y is out here).
MssarForward mssar_add_relu_forward(const Tensor& x, const Tensor& weight, const Tensor& bias, const Tensor& residual,
                                    const MssarOptions& opt);
// needs: dx, dweight, dbias, dres.
MssarAddReluGrads mssar_add_relu_backward(const Tensor& dout, const Tensor& out, const Tensor& x, const Tensor& gate,
                                          const Tensor& weight, const MssarOptions& opt, const bool needs[4]);

// The kernels as a composition of MS-SAR's, add_relu's and relu_backward's kernels on backend b:
// what the reference, cuda and the cpu's plain layouts register.
void mssar_add_relu_forward_composed(Backend b, Tensor& out, Tensor& gate, const Tensor& x, const Tensor& weight,
                                     const Tensor& bias, const Tensor& residual, const MssarOptions& opt);
void mssar_add_relu_backward_composed(Backend b, Tensor& dx, Tensor& dweight, Tensor& dbias, Tensor& dres,
                                      const Tensor& dout, const Tensor& out, const Tensor& x, const Tensor& gate,
                                      const Tensor& weight, const MssarOptions& opt);

}  // namespace mssar
