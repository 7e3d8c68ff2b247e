// conv2d on the CPU. float32 runs on oneDNN: convolution_forward (forward_training),
// convolution_backward_data and convolution_backward_weights (with the bias), each built once per
// shape and kept with the reorders between our tensors and the formats oneDNN prefers
// (format_tag::any). Inputs may arrive in any layout tag: their descriptor is built from the tag, so
// a tensor already in oneDNN's format is read as it is. y and dx are written in the format oneDNN
// prefers when it is one of our layouts (nChw16c with AVX-512), so activations and their gradients
// travel between the convolutions without a reorder; dw is plain. float64 (no oneDNN support) runs
// on im2col and our gemm (conv2d_gemm.cpp), plain tensors only.
#include "../ops/conv2d.h"

#include "conv2d_gemm.h"
#include "dnnl_context.h"

namespace mssar::cpu {

namespace {

using dnnl::memory;
using tag = memory::format_tag;
constexpr memory::data_type f32 = memory::data_type::f32;

enum class ConvKind : int64_t { Forward = 0, BackwardData = 1, BackwardWeights = 2 };

struct ConvKey {
  int64_t kind, N, C, H, W, O, KH, KW, sh, sw, ph, pw, dh, dw, G, bias, x_layout, w_layout, dy_layout;
};

ConvKey make_key(ConvKind kind, const Conv2dShape& s, bool bias, Layout x, Layout w, Layout dy) {
  return ConvKey{int64_t(kind), s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.sh, s.sw, s.ph, s.pw, s.dh, s.dw, s.G,
                 int64_t(bias), int64_t(x), int64_t(w), int64_t(dy)};
}

memory::dims weight_dims(const Conv2dShape& s) {
  if (s.G == 1) return {s.O, s.C, s.KH, s.KW};
  return {s.G, s.O / s.G, s.C / s.G, s.KH, s.KW};
}

// A [O, C/G, KH, KW] tensor's descriptor as oneDNN's grouped weights [G, O/G, C/G, KH, KW].
memory::desc weight_desc(const Conv2dShape& s, Layout layout) {
  memory::desc md({s.O, s.C / s.G, s.KH, s.KW}, f32, dnnl_tag(layout, 4));
  return s.G == 1 ? md : md.reshape(weight_dims(s));
}

memory::desc act_desc(int64_t N, int64_t C, int64_t H, int64_t W, Layout layout) {
  return memory::desc({N, C, H, W}, f32, dnnl_tag(layout, 4));
}

memory::desc any_desc(const memory::dims& d) { return memory::desc(d, f32, tag::any); }

// Our layout whose descriptor is `md` (a 4-d activation oneDNN chose), or Plain when none is: the
// result is then reordered to plain.
Layout matching_layout(const memory::desc& md, int64_t N, int64_t C, int64_t H, int64_t W) {
  for (Layout l : {Layout::Blocked16, Layout::Blocked8, Layout::ChannelsLast, Layout::Plain})
    if (md == act_desc(N, C, H, W, l)) return l;
  return Layout::Plain;
}

struct Geometry {
  memory::dims strides, dilates, pad_l, pad_r;
};

// oneDNN counts dilation from 0 (0 = dense); right padding equals the left (the output size was
// computed with floor division, which oneDNN's own check repeats).
Geometry geometry(const Conv2dShape& s) {
  return Geometry{{s.sh, s.sw}, {s.dh - 1, s.dw - 1}, {s.ph, s.pw}, {s.ph, s.pw}};
}

dnnl::convolution_forward::primitive_desc forward_pd(const Conv2dShape& s, bool bias) {
  const Geometry g = geometry(s);
  memory::desc bias_md = bias ? memory::desc({s.O}, f32, tag::a) : memory::desc();
  dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                    any_desc({s.N, s.C, s.H, s.W}), any_desc(weight_dims(s)), bias_md,
                                    any_desc({s.N, s.O, s.Ho, s.Wo}), g.strides, g.dilates, g.pad_l, g.pad_r);
  return dnnl::convolution_forward::primitive_desc(d, user_scratchpad_attr(), dnnl_engine());
}

struct ForwardPlan {
  dnnl::convolution_forward prim;
  memory::desc x_user, w_user, y_user, scratchpad;
  CachedReorder x_in, w_in, y_out;
  Layout y_layout;
};

struct BackwardDataPlan {
  dnnl::convolution_backward_data prim;
  memory::desc dy_user, w_user, dx_user, scratchpad;
  CachedReorder dy_in, w_in, dx_out;
  Layout dx_layout;
};

struct BackwardWeightsPlan {
  dnnl::convolution_backward_weights prim;
  memory::desc x_user, dy_user, dw_user, db_user, scratchpad;
  CachedReorder x_in, dy_in, dw_out;
  bool bias;
};

ForwardPlan build_forward(const Conv2dShape& s, bool bias, Layout xl, Layout wl) {
  auto pd = forward_pd(s, bias);
  ForwardPlan p;
  p.prim = dnnl::convolution_forward(pd);
  note_dnnl_built();
  p.x_user = act_desc(s.N, s.C, s.H, s.W, xl);
  p.w_user = weight_desc(s, wl);
  p.y_layout = matching_layout(pd.dst_desc(), s.N, s.O, s.Ho, s.Wo);
  p.y_user = act_desc(s.N, s.O, s.Ho, s.Wo, p.y_layout);
  p.scratchpad = pd.scratchpad_desc();
  p.x_in = CachedReorder(p.x_user, pd.src_desc());
  p.w_in = CachedReorder(p.w_user, pd.weights_desc());
  p.y_out = CachedReorder(pd.dst_desc(), p.y_user);
  return p;
}

BackwardDataPlan build_backward_data(const Conv2dShape& s, Layout wl, Layout dyl) {
  const Geometry g = geometry(s);
  dnnl::convolution_backward_data::desc d(dnnl::algorithm::convolution_direct, any_desc({s.N, s.C, s.H, s.W}),
                                          any_desc(weight_dims(s)), any_desc({s.N, s.O, s.Ho, s.Wo}), g.strides,
                                          g.dilates, g.pad_l, g.pad_r);
  dnnl::convolution_backward_data::primitive_desc pd(d, user_scratchpad_attr(), dnnl_engine(), forward_pd(s, false));
  BackwardDataPlan p;
  p.prim = dnnl::convolution_backward_data(pd);
  note_dnnl_built();
  p.dy_user = act_desc(s.N, s.O, s.Ho, s.Wo, dyl);
  p.w_user = weight_desc(s, wl);
  p.dx_layout = matching_layout(pd.diff_src_desc(), s.N, s.C, s.H, s.W);
  p.dx_user = act_desc(s.N, s.C, s.H, s.W, p.dx_layout);
  p.scratchpad = pd.scratchpad_desc();
  p.dy_in = CachedReorder(p.dy_user, pd.diff_dst_desc());
  p.w_in = CachedReorder(p.w_user, pd.weights_desc());
  p.dx_out = CachedReorder(pd.diff_src_desc(), p.dx_user);
  return p;
}

BackwardWeightsPlan build_backward_weights(const Conv2dShape& s, bool bias, Layout xl, Layout dyl) {
  const Geometry g = geometry(s);
  memory::desc db_md = bias ? memory::desc({s.O}, f32, tag::a) : memory::desc();
  dnnl::convolution_backward_weights::desc d(dnnl::algorithm::convolution_direct, any_desc({s.N, s.C, s.H, s.W}),
                                             any_desc(weight_dims(s)), db_md, any_desc({s.N, s.O, s.Ho, s.Wo}),
                                             g.strides, g.dilates, g.pad_l, g.pad_r);
  dnnl::convolution_backward_weights::primitive_desc pd(d, user_scratchpad_attr(), dnnl_engine(),
                                                        forward_pd(s, bias));
  BackwardWeightsPlan p;
  p.prim = dnnl::convolution_backward_weights(pd);
  note_dnnl_built();
  p.x_user = act_desc(s.N, s.C, s.H, s.W, xl);
  p.dy_user = act_desc(s.N, s.O, s.Ho, s.Wo, dyl);
  p.dw_user = weight_desc(s, Layout::Plain);
  p.db_user = db_md;
  p.bias = bias;
  p.scratchpad = pd.scratchpad_desc();
  p.x_in = CachedReorder(p.x_user, pd.src_desc());
  p.dy_in = CachedReorder(p.dy_user, pd.diff_dst_desc());
  p.dw_out = CachedReorder(pd.diff_weights_desc(), p.dw_user);
  return p;
}

PrimitiveCache<ConvKey, ForwardPlan>& forward_plans() {
  static PrimitiveCache<ConvKey, ForwardPlan> c;
  return c;
}
PrimitiveCache<ConvKey, BackwardDataPlan>& backward_data_plans() {
  static PrimitiveCache<ConvKey, BackwardDataPlan> c;
  return c;
}
PrimitiveCache<ConvKey, BackwardWeightsPlan>& backward_weights_plans() {
  static PrimitiveCache<ConvKey, BackwardWeightsPlan> c;
  return c;
}

std::shared_ptr<const ForwardPlan> forward_plan(const Tensor& x, const Tensor& w, bool bias, const Conv2dShape& s) {
  return forward_plans().get(make_key(ConvKind::Forward, s, bias, x.layout(), w.layout(), Layout::Plain),
                             [&] { return build_forward(s, bias, x.layout(), w.layout()); });
}

std::shared_ptr<const BackwardDataPlan> backward_data_plan(const Tensor& dy, const Tensor& w, const Conv2dShape& s) {
  return backward_data_plans().get(make_key(ConvKind::BackwardData, s, false, Layout::Plain, w.layout(), dy.layout()),
                                   [&] { return build_backward_data(s, w.layout(), dy.layout()); });
}

void forward_dnnl(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s) {
  const bool bias = b.defined();
  auto plan = forward_plan(x, w, bias, s);
  MSSAR_CHECK(y.layout() == plan->y_layout, "conv2d: output ", y.describe(), " is not in the layout the plan writes (",
              layout_name(plan->y_layout), ")");
  Tensor hx, hw, hy, hpad;
  memory src = reorder_in(plan->x_in, plan->x_user, x.raw(), hx);
  memory wei = reorder_in(plan->w_in, plan->w_user, w.raw(), hw);
  memory dst = output_memory(plan->y_out, plan->y_user, y.raw(), hy);
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, src},
                                       {DNNL_ARG_WEIGHTS, wei},
                                       {DNNL_ARG_DST, dst},
                                       {DNNL_ARG_SCRATCHPAD, scratchpad_memory(plan->scratchpad, hpad)}};
  if (bias) args.emplace(DNNL_ARG_BIAS, memory(memory::desc({s.O}, f32, tag::a), dnnl_engine(), b.raw()));
  plan->prim.execute(dnnl_stream(), args);
  reorder_out(plan->y_out, dst, plan->y_user, y.raw());
  dnnl_stream().wait();
}

void backward_dnnl(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w,
                   const Conv2dShape& s) {
  // dy in the format the data pass wanted, kept for the weights pass when it wants the same.
  memory dy_for_data;
  Tensor hdy_data;
  if (dx.defined()) {
    auto plan = backward_data_plan(dy, w, s);
    MSSAR_CHECK(dx.layout() == plan->dx_layout, "conv2d backward: dx ", dx.describe(),
                " is not in the layout the plan writes (", layout_name(plan->dx_layout), ")");
    Tensor hw, hdx, hpad;
    dy_for_data = reorder_in(plan->dy_in, plan->dy_user, dy.raw(), hdy_data);
    memory wei = reorder_in(plan->w_in, plan->w_user, w.raw(), hw);
    memory diff_src = output_memory(plan->dx_out, plan->dx_user, dx.raw(), hdx);
    plan->prim.execute(dnnl_stream(), {{DNNL_ARG_DIFF_DST, dy_for_data},
                                       {DNNL_ARG_WEIGHTS, wei},
                                       {DNNL_ARG_DIFF_SRC, diff_src},
                                       {DNNL_ARG_SCRATCHPAD, scratchpad_memory(plan->scratchpad, hpad)}});
    reorder_out(plan->dx_out, diff_src, plan->dx_user, dx.raw());
  }
  if (dw.defined()) {
    const bool bias = db.defined();
    auto plan = backward_weights_plans().get(
        make_key(ConvKind::BackwardWeights, s, bias, x.layout(), Layout::Plain, dy.layout()),
        [&] { return build_backward_weights(s, bias, x.layout(), dy.layout()); });
    Tensor hx, hdy, hdw, hpad;
    memory src = reorder_in(plan->x_in, plan->x_user, x.raw(), hx);
    memory diff_dst = dy_for_data && dy_for_data.get_desc() == plan->dy_in.to
                          ? dy_for_data
                          : reorder_in(plan->dy_in, plan->dy_user, dy.raw(), hdy);
    memory diff_w = output_memory(plan->dw_out, plan->dw_user, dw.raw(), hdw);
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, src},
                                         {DNNL_ARG_DIFF_DST, diff_dst},
                                         {DNNL_ARG_DIFF_WEIGHTS, diff_w},
                                         {DNNL_ARG_SCRATCHPAD, scratchpad_memory(plan->scratchpad, hpad)}};
    if (bias) args.emplace(DNNL_ARG_DIFF_BIAS, memory(plan->db_user, dnnl_engine(), db.raw()));
    plan->prim.execute(dnnl_stream(), args);
    reorder_out(plan->dw_out, diff_w, plan->dw_user, dw.raw());
  } else if (db.defined()) {
    conv2d_bias_grad<float>(db, dy);
  }
  dnnl_stream().wait();
}

}  // namespace

Layout conv2d_forward_layout(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s) {
  if (x.dtype() != DType::Float32) return Layout::Plain;
  Layout l = Layout::Plain;
  with_op_name("conv2d", [&] { l = forward_plan(x, w, b.defined(), s)->y_layout; });
  return l;
}

Layout conv2d_backward_data_layout(const Tensor& dy, const Tensor& w, const Conv2dShape& s) {
  if (dy.dtype() != DType::Float32) return Layout::Plain;
  Layout l = Layout::Plain;
  with_op_name("conv2d backward", [&] { l = backward_data_plan(dy, w, s)->dx_layout; });
  return l;
}

void conv2d_forward(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s) {
  with_op_name("conv2d", [&] {
    if (x.dtype() == DType::Float64) {
      conv2d_forward_gemm<double>(y, x, w, b, s);
    } else {
      forward_dnnl(y, x, w, b, s);
    }
  });
}

void conv2d_backward(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w,
                     const Conv2dShape& s) {
  with_op_name("conv2d backward", [&] {
    if (x.dtype() == DType::Float64) {
      conv2d_backward_gemm<double>(dx, dw, db, dy, x, w, s);
    } else {
      backward_dnnl(dx, dw, db, dy, x, w, s);
    }
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(conv2d_forward, CPU, cpu::conv2d_forward)
MSSAR_REGISTER_KERNEL(conv2d_backward, CPU, cpu::conv2d_backward)
MSSAR_REGISTER_KERNEL(conv2d_forward_layout, CPU, cpu::conv2d_forward_layout)
MSSAR_REGISTER_KERNEL(conv2d_backward_data_layout, CPU, cpu::conv2d_backward_data_layout)
}  // namespace mssar
