#include "frozen_model.h"

#include <cstring>

#include "add_relu.h"
#include "checks.h"
#include "global_avg_pool2d.h"
#include "layout.h"
#include "linear.h"
#include "mssar_add_relu.h"
#include "mul.h"
#include "relu.h"
#include "shortcut_a.h"
#include "sigmoid.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(frozen_conv2d_create)

namespace {

constexpr const char* kBuild = "freeze";
constexpr const char* kRun = "FrozenModel.forward";

// A float32 cpu parameter of the given shape, copied (plain), so that the model is a snapshot.
Tensor snapshot(const char* name, const Tensor& t, const Shape& want) {
  check_shape(kBuild, name, t, want);
  MSSAR_CHECK(t.dtype() == DType::Float32 && t.device() == Device::CPU, kBuild, ": ", name,
              " must be float32 on the cpu (the frozen model is CPU-only), got ", t.describe());
  const Tensor plain = to_plain(t);
  Tensor c = Tensor::empty(want, DType::Float32, Device::CPU);
  std::memcpy(c.raw(), plain.raw(), size_t(c.numel()) * sizeof(float));
  return c;
}

void check_vector(const char* name, const Tensor& t) {
  check_ndim(kBuild, name, t, 1, "[C]");
}

// A copy of `from` in layout `layout`, owned by the caller (to_layout may return `from` itself).
Tensor owned_copy(const Tensor& from, Layout layout) {
  Tensor moved = to_layout(from, layout);
  if (moved.storage() != from.storage()) return moved;
  Tensor c = Tensor::empty(from.shape(), from.dtype(), from.device(), layout);
  std::memcpy(c.raw(), moved.raw(), moved.nbytes());
  return c;
}

}  // namespace

int64_t FrozenModel::value(const char* op, int64_t v) const {
  MSSAR_CHECK(v >= 0 && v < int64_t(in_channels_.size()), op, ": value ", v, " does not exist (the model has ",
              in_channels_.size(), " values)");
  return in_channels_[size_t(v)];
}

int64_t FrozenModel::push(Step s) {
  steps_.push_back(std::move(s));
  return int64_t(steps_.size());
}

int64_t FrozenModel::add_conv(int64_t in, const Tensor& w, const Tensor& b, int64_t stride, int64_t padding, bool relu,
                              int64_t residual) {
  check_ndim(kBuild, "conv weight", w, 4, "[O, C, KH, KW]");
  const int64_t O = w.size(0), C = w.size(1);
  const int64_t c = value(kBuild, in);
  MSSAR_CHECK(c < 0 || c == C, kBuild, ": conv weight ", w.describe(), " does not fit the ", c, " channels of its input");
  if (residual >= 0) {
    const int64_t rc = value(kBuild, residual);
    MSSAR_CHECK(rc < 0 || rc == O, kBuild, ": the residual's ", rc, " channels differ from the conv's ", O, " outputs");
  }
  MSSAR_CHECK(stride >= 1 && stride <= 1024 && padding >= 0 && padding <= 1024, kBuild, ": stride ", stride,
              " and padding ", padding, " must be in [1, 1024] and [0, 1024]");
  check_vector("conv bias", b);
  Step s;
  s.kind = Kind::Conv;
  s.in = in;
  s.other = residual;
  s.stride = stride;
  s.padding = padding;
  s.kernel = w.size(2);
  s.out_channels = O;
  MSSAR_CHECK(w.size(2) == w.size(3), kBuild, ": conv weight ", w.describe(), " must have a square kernel");
  FrozenConv2dSpec spec{stride, padding, relu};
  s.conv = frozen_conv2d_create_kernels()[Backend::CPU](snapshot("conv weight", w, w.shape()), snapshot("conv bias", b, {O}), spec);
  if (in == 0) input_channels_ = C;
  in_channels_.push_back(O);
  return push(std::move(s));
}

int64_t FrozenModel::add_shortcut_a(int64_t in, int64_t stride, int64_t out_channels) {
  const int64_t c = value(kBuild, in);
  MSSAR_CHECK(stride >= 1 && stride <= 1024 && out_channels >= 1 && (c < 0 || out_channels >= c), kBuild,
              ": shortcutA needs stride in [1, 1024] and at least its input's channels, got stride ", stride, ", ",
              out_channels, " channels");
  Step s;
  s.kind = Kind::ShortcutA;
  s.in = in;
  s.stride = stride;
  s.out_channels = out_channels;
  in_channels_.push_back(out_channels);
  return push(std::move(s));
}

int64_t FrozenModel::add_mssar_add_relu(int64_t in, const Tensor& weight, const Tensor& bias, const Tensor& global_weight,
                                        const MssarOptions& opt, int64_t residual) {
  const int64_t c = value(kBuild, in);
  value(kBuild, residual);
  mssar_check_options(kBuild, opt);
  check_vector("mssar bias", bias);
  const int64_t C = bias.size(0), K = int64_t(opt.scales.size());
  MSSAR_CHECK(c < 0 || c == C, kBuild, ": mssar bias ", bias.describe(), " does not fit the ", c, " channels of its input");
  Step s;
  s.kind = Kind::MssarAddRelu;
  s.in = in;
  s.other = residual;
  s.mssar = opt;
  s.params = {snapshot("mssar weight", weight, opt.symmetric ? Shape{K, C, 3} : Shape{K, C, 3, 3}),
              snapshot("mssar bias", bias, {C})};
  if (global_weight.defined()) s.params.push_back(snapshot("mssar global weight", global_weight, {C}));
  in_channels_.push_back(C);
  return push(std::move(s));
}

int64_t FrozenModel::add_se_add_relu(int64_t in, const Tensor& w1, const Tensor& b1, const Tensor& w2, const Tensor& b2,
                                     int64_t residual) {
  const int64_t c = value(kBuild, in);
  value(kBuild, residual);
  check_ndim(kBuild, "se w1", w1, 2, "[Cr, C]");
  const int64_t hidden = w1.size(0), C = w1.size(1);
  MSSAR_CHECK(c < 0 || c == C, kBuild, ": se w1 ", w1.describe(), " does not fit the ", c, " channels of its input");
  Step s;
  s.kind = Kind::SeAddRelu;
  s.in = in;
  s.other = residual;
  s.params = {snapshot("se w1", w1, {hidden, C}), snapshot("se b1", b1, {hidden}), snapshot("se w2", w2, {C, hidden}),
              snapshot("se b2", b2, {C})};
  in_channels_.push_back(C);
  return push(std::move(s));
}

int64_t FrozenModel::add_add_relu(int64_t a, int64_t b) {
  const int64_t ca = value(kBuild, a), cb = value(kBuild, b);
  MSSAR_CHECK(ca < 0 || cb < 0 || ca == cb, kBuild, ": addRelu of ", ca, " and ", cb, " channels");
  Step s;
  s.kind = Kind::AddRelu;
  s.in = a;
  s.other = b;
  in_channels_.push_back(ca >= 0 ? ca : cb);
  return push(std::move(s));
}

int64_t FrozenModel::add_head(int64_t in, const Tensor& w, const Tensor& b) {
  const int64_t c = value(kBuild, in);
  check_ndim(kBuild, "fc weight", w, 2, "[classes, C]");
  const int64_t classes = w.size(0), C = w.size(1);
  MSSAR_CHECK(c < 0 || c == C, kBuild, ": fc weight ", w.describe(), " does not fit the ", c, " channels of its input");
  Step s;
  s.kind = Kind::Head;
  s.in = in;
  s.params = {snapshot("fc weight", w, {classes, C}), snapshot("fc bias", b, {classes})};
  in_channels_.push_back(-1);
  return push(std::move(s));
}

int64_t FrozenModel::bytes() const {
  int64_t n = 0;
  for (const Step& s : steps_) {
    if (s.conv) n += s.conv->bytes();
    for (const Tensor& p : s.params) n += int64_t(p.nbytes());
  }
  return n;
}

Shape FrozenModel::conv_output(const Step& s, const Tensor& x) const {
  MSSAR_CHECK(x.ndim() == 4 && x.size(2) + 2 * s.padding >= s.kernel && x.size(3) + 2 * s.padding >= s.kernel, kRun,
              ": a ", s.kernel, "x", s.kernel, " convolution (padding ", s.padding, ") cannot run on ", x.describe());
  return {x.size(0), s.out_channels, (x.size(2) + 2 * s.padding - s.kernel) / s.stride + 1,
          (x.size(3) + 2 * s.padding - s.kernel) / s.stride + 1};
}

Tensor FrozenModel::apply(const Step& s, std::vector<Tensor>& values, const std::vector<int64_t>& last_use,
                          size_t index) {
  const Tensor& x = values[size_t(s.in)];
  switch (s.kind) {
    case Kind::Conv: {
      const Shape out = conv_output(s, x);
      const bool accumulate = s.other >= 0;
      const Layout yl = s.conv->output_layout(x, accumulate);
      Tensor y;
      if (accumulate) {
        Tensor& r = values[size_t(s.other)];
        // The residual's last reader is this step and it is ours (not the caller's input): sum into it.
        const bool ours = s.other != 0 && s.other != s.in && last_use[size_t(s.other)] == int64_t(index);
        MSSAR_CHECK(r.shape() == out, kRun, ": the residual ", r.describe(), " does not match the output ",
                    shape_str(out), " of its convolution");
        y = ours && r.layout() == yl ? r : owned_copy(r, yl);
      } else {
        y = Tensor::empty(out, DType::Float32, Device::CPU, yl);
      }
      s.conv->run(y, x, accumulate);
      return y;
    }
    case Kind::ShortcutA:
      return shortcut_a_forward(x, s.stride, s.out_channels);
    case Kind::MssarAddRelu: {
      if (s.params.size() == 2) return mssar_add_relu_forward(x, s.params[0], s.params[1], values[size_t(s.other)], s.mssar).y;
      // The global-average scale: a bias per image, [N, C].
      const int64_t N = x.size(0), C = x.size(1);
      const Tensor mean = to_plain(global_avg_pool2d_forward(x).reshape({N, C}));
      Tensor bias = Tensor::empty({N, C}, DType::Float32, Device::CPU);
      const float *m = mean.data<float>(), *b = s.params[1].data<float>(), *g = s.params[2].data<float>();
      float* z = bias.data<float>();
      for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < C; ++c) z[n * C + c] = b[c] + g[c] * m[n * C + c];
      return mssar_add_relu_forward(x, s.params[0], bias, values[size_t(s.other)], s.mssar).y;
    }
    case Kind::SeAddRelu: {
      const int64_t N = x.size(0), C = x.size(1);
      const Tensor pooled = global_avg_pool2d_forward(x).reshape({N, C});
      const Tensor hidden = relu_forward(linear_forward(pooled, s.params[0], s.params[1]));
      const Tensor gate = sigmoid_forward(linear_forward(hidden, s.params[2], s.params[3])).reshape({N, C, 1, 1});
      return add_relu_forward(mul_forward(x, gate), values[size_t(s.other)]);
    }
    case Kind::AddRelu:
      return add_relu_forward(x, values[size_t(s.other)]);
    case Kind::Head: {
      const int64_t N = x.size(0), C = x.size(1);
      return linear_forward(global_avg_pool2d_forward(x).reshape({N, C}), s.params[0], s.params[1]);
    }
  }
  fail(kRun, ": unknown step");
}

Tensor FrozenModel::run(const Tensor& x) {
  check_defined(kRun, "x", x);
  MSSAR_CHECK(!steps_.empty(), kRun, ": the model has no steps");
  MSSAR_CHECK(x.dtype() == DType::Float32 && x.device() == Device::CPU && x.ndim() == 4, kRun,
              ": x must be a 4-d float32 cpu tensor [N, C, H, W], got ", x.describe());
  MSSAR_CHECK(x.size(0) >= 1 && (input_channels_ < 0 || x.size(1) == input_channels_), kRun, ": x ", x.describe(),
              " must hold at least one image of ", input_channels_, " channels");
  // The step after which each value is read no more.
  std::vector<int64_t> last_use(steps_.size() + 1, -1);
  for (size_t i = 0; i < steps_.size(); ++i)
    for (int64_t v : {steps_[i].in, steps_[i].other})
      if (v >= 0) last_use[size_t(v)] = int64_t(i);
  std::vector<Tensor> values(steps_.size() + 1);
  values[0] = x;
  for (size_t i = 0; i < steps_.size(); ++i) {
    values[i + 1] = apply(steps_[i], values, last_use, i);
    // Values nobody reads again go back to the allocator at once.
    for (int64_t v : {steps_[i].in, steps_[i].other})
      if (v > 0 && last_use[size_t(v)] == int64_t(i)) values[size_t(v)] = Tensor();
  }
  return values.back();
}

}  // namespace mssar
