#include "mssar.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(mssar_forward)
MSSAR_DEFINE_KERNEL(mssar_backward)

namespace {

std::string scales_str(const std::vector<int64_t>& scales) {
  std::string s = "[";
  for (size_t i = 0; i < scales.size(); ++i) s += (i ? ", " : "") + std::to_string(scales[i]);
  return s + "]";
}

}  // namespace

Tensor mssar_readable(const Tensor& x) {
  const bool blocked = x.layout() == Layout::Blocked16 || x.layout() == Layout::Blocked8;
  return blocked && x.device() == Device::CPU ? x : to_plain(x);
}

namespace {

void check_input(const char* op, const char* name, const Tensor& x) {
  check_float(op, name, x);
  check_ndim(op, name, x, 4, "[N, C, H, W]");
}

}  // namespace

// The parameters must match x: weight [K, C, 3, 3] ([K, C, 3] when symmetric), bias [C] or [N, C].
void mssar_check_params(const char* op, const Tensor& x, const Tensor& weight, const Tensor* bias,
                        const MssarOptions& opt) {
  const int64_t K = int64_t(opt.scales.size()), C = x.size(1);
  check_like(op, "x", x, "weight", weight);
  check_plain(op, "weight", weight);
  const Shape want = opt.symmetric ? Shape{K, C, 3} : Shape{K, C, 3, 3};
  MSSAR_CHECK(weight.shape() == want, op, ": weight must have shape ", shape_str(want), " (",
              opt.symmetric ? "[K, C, 3] = (m, e, c) when symmetric" : "[K, C, 3, 3]", ", K = ", K,
              " scales ", scales_str(opt.scales), ", C = ", C, " channels of x ", x.describe(), "), got ",
              weight.describe());
  if (bias) {
    check_like(op, "x", x, "bias", *bias);
    check_plain(op, "bias", *bias);
    const int64_t N = x.size(0);
    MSSAR_CHECK(bias->shape() == Shape{C} || bias->shape() == (Shape{N, C}), op, ": bias must have shape [", C,
                "] or [", N, ", ", C, "] (the channels, or the images and channels, of x ", x.describe(), "), got ",
                bias->describe());
  }
}

void mssar_check_options(const char* op, const MssarOptions& opt) {
  MSSAR_CHECK(!opt.scales.empty(), op, ": scales must not be empty");
  MSSAR_CHECK(int64_t(opt.scales.size()) <= kMssarMaxScales, op, ": at most ", kMssarMaxScales, " scales, got ",
              opt.scales.size(), ": ", scales_str(opt.scales));
  for (int64_t s : opt.scales)
    MSSAR_CHECK(s >= 1 && s <= kMssarMaxScale, op, ": scales must be integers in [1, ", kMssarMaxScale, "], got ",
                scales_str(opt.scales));
}

Shape mssar_bias_shape(const Tensor& x, bool per_sample_bias) {
  return per_sample_bias ? Shape{x.size(0), x.size(1)} : Shape{x.size(1)};
}

MssarForward mssar_forward(const Tensor& x_in, const Tensor& weight, const Tensor& bias, const MssarOptions& opt) {
  const char* op = "mssar";
  check_input(op, "x", x_in);
  mssar_check_options(op, opt);
  mssar_check_params(op, x_in, weight, &bias, opt);
  select_backend(op, {&x_in, &weight, &bias});  // devices agree before any reorder
  const Tensor x = mssar_readable(x_in);
  Backend b = select_backend(op, {&x, &weight, &bias});
  MssarForward out{Tensor::empty_like(x), Tensor::empty_like(x)};
  mssar_forward_kernels()[b](out.y, out.gate, x, weight, bias, opt);
  return out;
}

MssarGrads mssar_backward(const Tensor& dy_in, const Tensor& x_in, const Tensor& gate_in, const Tensor& weight,
                          const MssarOptions& opt, const bool needs[3], bool per_sample_bias) {
  const char* op = "mssar backward";
  check_input(op, "x", x_in);
  check_like(op, "x", x_in, "dy", dy_in);
  check_like(op, "x", x_in, "gate", gate_in);
  check_same_shape(op, "x", x_in, "dy", dy_in);
  check_same_shape(op, "x", x_in, "gate", gate_in);
  mssar_check_options(op, opt);
  mssar_check_params(op, x_in, weight, nullptr, opt);
  select_backend(op, {&dy_in, &x_in, &gate_in, &weight});
  const Tensor x = mssar_readable(x_in);
  const Tensor dy = to_layout(dy_in, x.layout()), gate = to_layout(gate_in, x.layout());
  Backend b = select_backend(op, {&dy, &x, &gate, &weight});
  MssarGrads g;
  if (needs[0]) g.dx = Tensor::empty_like(x);
  if (needs[1]) g.dweight = Tensor::empty(weight.shape(), weight.dtype(), weight.device());
  if (needs[2]) g.dbias = Tensor::empty(mssar_bias_shape(x, per_sample_bias), x.dtype(), x.device());
  if (!needs[0] && !needs[1] && !needs[2]) return g;
  mssar_backward_kernels()[b](g.dx, g.dweight, g.dbias, dy, x, gate, weight, opt);
  return g;
}

}  // namespace mssar
