// frozen_conv2d on the CPU: oneDNN's convolution_forward for inference, with the bias, an optional
// sum post-op (the residual, read from y) and an optional ReLU post-op in the same primitive. One
// primitive per input shape and layout, each with the weights reordered once into the format it
// wants; the plain float32 copy made at creation is the source of those reorders, so the object never
// looks at the caller's tensors again.
#include "../ops/frozen_conv2d.h"

#include <map>
#include <tuple>

#include "dnnl_context.h"

namespace mssar::cpu {

namespace {

using dnnl::memory;
using tag = memory::format_tag;
constexpr memory::data_type f32 = memory::data_type::f32;

memory::desc act_desc(int64_t N, int64_t C, int64_t H, int64_t W, Layout layout) {
  return memory::desc({N, C, H, W}, f32, dnnl_tag(layout, 4));
}

Layout matching_layout(const memory::desc& md, int64_t N, int64_t C, int64_t H, int64_t W) {
  for (Layout l : {Layout::Blocked16, Layout::Blocked8, Layout::ChannelsLast, Layout::Plain})
    if (md == act_desc(N, C, H, W, l)) return l;
  return Layout::Plain;
}

// A copy of t (plain, contiguous) from our allocator.
Tensor copy_of(const Tensor& t) {
  Tensor c = Tensor::empty(t.shape(), DType::Float32, Device::CPU);
  std::memcpy(c.raw(), t.raw(), size_t(t.numel()) * sizeof(float));
  return c;
}

struct Prepared {
  dnnl::convolution_forward prim;
  memory::desc x_user, y_user, scratchpad, bias;
  CachedReorder x_in, y_in, y_out;  // y_in: the residual into the primitive's format (accumulate)
  Layout y_layout;
  Tensor weights;  // in the primitive's format
  memory weights_mem;
};

class CpuFrozenConv2d final : public FrozenConv2d {
 public:
  CpuFrozenConv2d(const Tensor& w, const Tensor& b, const FrozenConv2dSpec& spec)
      : w_(copy_of(w)), b_(copy_of(b)), spec_(spec) {}

  Layout output_layout(const Tensor& x, bool accumulate) override { return prepared(x, accumulate).y_layout; }

  void run(Tensor& y, const Tensor& x, bool accumulate) override {
    const Prepared& p = prepared(x, accumulate);
    MSSAR_CHECK(y.layout() == p.y_layout, "frozenConv2d: output ", y.describe(), " is not in the layout the plan writes (",
                layout_name(p.y_layout), ")");
    Tensor hx, hy, hpad;
    memory src = reorder_in(p.x_in, p.x_user, x.raw(), hx);
    memory dst = accumulate ? reorder_in(p.y_in, p.y_user, y.raw(), hy) : output_memory(p.y_out, p.y_user, y.raw(), hy);
    p.prim.execute(dnnl_stream(), {{DNNL_ARG_SRC, src},
                                   {DNNL_ARG_WEIGHTS, p.weights_mem},
                                   {DNNL_ARG_BIAS, memory(p.bias, dnnl_engine(), b_.raw())},
                                   {DNNL_ARG_DST, dst},
                                   {DNNL_ARG_SCRATCHPAD, scratchpad_memory(p.scratchpad, hpad)}});
    reorder_out(p.y_out, dst, p.y_user, y.raw());
    dnnl_stream().wait();
  }

  int64_t bytes() const override {
    int64_t n = int64_t(w_.nbytes() + b_.nbytes());
    for (const auto& kv : prepared_) n += int64_t(kv.second->weights.nbytes());
    return n;
  }

 private:
  using Key = std::tuple<int64_t, int64_t, int64_t, int64_t, int, bool>;  // N, C, H, W, layout, accumulate

  const Prepared& prepared(const Tensor& x, bool accumulate) {
    const Shape& s = x.shape();
    Key key{s[0], s[1], s[2], s[3], int(x.layout()), accumulate};
    auto it = prepared_.find(key);
    if (it != prepared_.end()) return *it->second;
    std::unique_ptr<Prepared> p;
    with_op_name("frozenConv2d", [&] { p = build(x, accumulate); });
    // A few shapes are kept (batch sizes in use); a caller sweeping many does not grow it forever.
    if (prepared_.size() >= kMaxShapes) prepared_.clear();
    return *prepared_.emplace(key, std::move(p)).first->second;
  }

  std::unique_ptr<Prepared> build(const Tensor& x, bool accumulate) const {
    const int64_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
    const int64_t O = w_.shape()[0], KH = w_.shape()[2], KW = w_.shape()[3];
    const int64_t st = spec_.stride, pad = spec_.padding;
    const int64_t Ho = (H + 2 * pad - KH) / st + 1, Wo = (W + 2 * pad - KW) / st + 1;
    // Activations in channel blocks of the vector width, as the training convolutions keep them: left
    // to choose (format any), oneDNN 2.6 picks channels-last for inference, about 8% slower here at
    // batch 128 and much slower for MS-SAR, whose fast kernels read the blocked layouts.
    const dnnl::cpu_isa isa = dnnl::get_effective_cpu_isa();
    const bool avx512 = (int(isa) & int(dnnl::cpu_isa::avx512_core)) == int(dnnl::cpu_isa::avx512_core);
    const int64_t lanes = avx512 ? 16 : 8;
    const tag blocked = avx512 ? tag::nChw16c : tag::nChw8c;
    auto p = std::make_unique<Prepared>();
    p->bias = memory::desc({O}, f32, tag::a);
    dnnl::convolution_forward::desc d(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
        memory::desc({N, C, H, W}, f32, C % lanes == 0 ? blocked : tag::any), memory::desc({O, C, KH, KW}, f32, tag::any),
        p->bias, memory::desc({N, O, Ho, Wo}, f32, blocked), {st, st},
        {0, 0}, {pad, pad}, {pad, pad});
    dnnl::post_ops ops;
    if (accumulate) ops.append_sum(1.f);
    if (spec_.relu) ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
    dnnl::primitive_attr attr = user_scratchpad_attr();
    attr.set_post_ops(ops);
    dnnl::convolution_forward::primitive_desc pd(d, attr, dnnl_engine());
    p->prim = dnnl::convolution_forward(pd);
    note_dnnl_built();
    p->x_user = act_desc(N, C, H, W, x.layout());
    p->y_layout = matching_layout(pd.dst_desc(), N, O, Ho, Wo);
    p->y_user = act_desc(N, O, Ho, Wo, p->y_layout);
    p->scratchpad = pd.scratchpad_desc();
    p->x_in = CachedReorder(p->x_user, pd.src_desc());
    p->y_in = CachedReorder(p->y_user, pd.dst_desc());
    p->y_out = CachedReorder(pd.dst_desc(), p->y_user);
    // The weights, once, in the primitive's format.
    const memory::desc w_plain({O, C, KH, KW}, f32, tag::oihw);
    p->weights = scratch_buffer(pd.weights_desc().get_size());
    p->weights_mem = memory(pd.weights_desc(), dnnl_engine(), p->weights.raw());
    memory plain(w_plain, dnnl_engine(), w_.raw());
    dnnl::reorder(plain, p->weights_mem).execute(dnnl_stream(), plain, p->weights_mem);
    dnnl_stream().wait();
    return p;
  }

  static constexpr size_t kMaxShapes = 8;
  Tensor w_, b_;
  FrozenConv2dSpec spec_;
  std::map<Key, std::unique_ptr<Prepared>> prepared_;
};

std::unique_ptr<FrozenConv2d> frozen_conv2d_create(const Tensor& w, const Tensor& b, const FrozenConv2dSpec& spec) {
  return std::make_unique<CpuFrozenConv2d>(w, b, spec);
}

}  // namespace

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(frozen_conv2d_create, CPU, cpu::frozen_conv2d_create)
}  // namespace mssar
