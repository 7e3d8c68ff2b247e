#include "mssar_add_relu.h"

#include "add_relu.h"
#include "checks.h"
#include "layout.h"
#include "relu.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(mssar_add_relu_forward)
MSSAR_DEFINE_KERNEL(mssar_add_relu_backward)

namespace {

void check_activation(const char* op, const char* name, const Tensor& t, const Tensor& x) {
  check_like(op, "x", x, name, t);
  check_same_shape(op, "x", x, name, t);
}

// The op from its parts on backend b, where b has no fused kernel for these inputs: MS-SAR's
// kernels, then add_relu's (in the backward relu_backward's, then MS-SAR's).
void forward_composed(Backend b, Tensor& out, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                      const Tensor& residual, const MssarOptions& opt) {
  Tensor y = Tensor::empty_like(x);
  mssar_forward_kernels()[b](y, gate, x, weight, bias, opt);
  if (out.numel() > 0) add_relu_forward_kernels()[b](out, y, residual);
}

void backward_composed(Backend b, Tensor& dx, Tensor& dweight, Tensor& dbias, Tensor& dres, const Tensor& dout,
                       const Tensor& out, const Tensor& x, const Tensor& gate, const Tensor& weight,
                       const MssarOptions& opt) {
  Tensor m = dres.defined() ? dres : Tensor::empty_like(x);
  if (m.numel() > 0) relu_backward_kernels()[b](m, dout, out);
  if (dx.defined() || dweight.defined() || dbias.defined()) mssar_backward_kernels()[b](dx, dweight, dbias, m, x, gate, weight, opt);
}

}  // namespace

MssarForward mssar_add_relu_forward(const Tensor& x_in, const Tensor& weight, const Tensor& bias,
                                    const Tensor& residual_in, const MssarOptions& opt) {
  const char* op = "mssarAddRelu";
  check_float(op, "x", x_in);
  check_ndim(op, "x", x_in, 4, "[N, C, H, W]");
  mssar_check_options(op, opt);
  mssar_check_params(op, x_in, weight, &bias, opt);
  check_activation(op, "residual", residual_in, x_in);
  select_backend(op, {&x_in, &weight, &bias, &residual_in});  // devices agree before any reorder
  const Tensor x = mssar_readable(x_in);
  const Tensor residual = to_layout(residual_in, x.layout());
  Backend b = select_backend(op, {&x, &weight, &bias, &residual});
  MssarForward out{Tensor::empty_like(x), Tensor::empty_like(x)};
  const auto& fused = mssar_add_relu_forward_kernels();
  if (!fused.has(b) || !fused[b](out.y, out.gate, x, weight, bias, residual, opt)) {
    forward_composed(b, out.y, out.gate, x, weight, bias, residual, opt);
  }
  return out;
}

MssarAddReluGrads mssar_add_relu_backward(const Tensor& dout_in, const Tensor& out_in, const Tensor& x_in,
                                          const Tensor& gate_in, const Tensor& weight, const MssarOptions& opt,
                                          const bool needs[4], bool per_sample_bias) {
  const char* op = "mssarAddRelu backward";
  check_float(op, "x", x_in);
  check_ndim(op, "x", x_in, 4, "[N, C, H, W]");
  check_activation(op, "dout", dout_in, x_in);
  check_activation(op, "out", out_in, x_in);
  check_activation(op, "gate", gate_in, x_in);
  mssar_check_options(op, opt);
  mssar_check_params(op, x_in, weight, nullptr, opt);
  select_backend(op, {&dout_in, &out_in, &x_in, &gate_in, &weight});
  const Tensor x = mssar_readable(x_in);
  const Tensor dout = to_layout(dout_in, x.layout()), out = to_layout(out_in, x.layout()),
               gate = to_layout(gate_in, x.layout());
  Backend b = select_backend(op, {&dout, &out, &x, &gate, &weight});
  MssarAddReluGrads g;
  if (needs[0]) g.dx = Tensor::empty_like(x);
  if (needs[1]) g.dweight = Tensor::empty(weight.shape(), weight.dtype(), weight.device());
  if (needs[2]) g.dbias = Tensor::empty(mssar_bias_shape(x, per_sample_bias), x.dtype(), x.device());
  if (needs[3]) g.dres = Tensor::empty_like(x);
  if (!needs[0] && !needs[1] && !needs[2] && !needs[3]) return g;
  const auto& fused = mssar_add_relu_backward_kernels();
  if (!fused.has(b) || !fused[b](g.dx, g.dweight, g.dbias, g.dres, dout, out, x, gate, weight, opt)) {
    backward_composed(b, g.dx, g.dweight, g.dbias, g.dres, dout, out, x, gate, weight, opt);
  }
  return g;
}

}  // namespace mssar
