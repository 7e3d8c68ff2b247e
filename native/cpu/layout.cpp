// Layout reorders on the CPU. float32 and int32 run on oneDNN's reorder (jit, vectorized), built
// once per shape and pair of layouts; float64 (no oneDNN support) on a loop over the lane views of
// both tensors. Blocked layouts keep their padding channels at zero.
#include "../ops/layout.h"

#include <cstring>

#include "../core/dtype_dispatch.h"
#include "../core/lane_view.h"
#include "../core/parallel.h"
#include "dnnl_context.h"

namespace mssar::cpu {

namespace {

struct ReorderKey {
  int64_t N, C, H, W, dtype, from, to;
};

PrimitiveCache<ReorderKey, CachedReorder>& reorders() {
  static PrimitiveCache<ReorderKey, CachedReorder> c;
  return c;
}

void reorder_dnnl(Tensor& out, const Tensor& in) {
  const Shape& s = in.shape();
  const ReorderKey key{s[0], s[1], s[2], s[3], int64_t(in.dtype()), int64_t(in.layout()), int64_t(out.layout())};
  auto r = reorders().get(key, [&] { return CachedReorder(dnnl_desc(in), dnnl_desc(out)); });
  if (!r->needed()) {  // equal descriptors, e.g. plain and channels_last when C or H*W is 1
    std::memcpy(out.raw(), in.raw(), out.nbytes());
    return;
  }
  dnnl::memory src(r->from, dnnl_engine(), in.raw()), dst(r->to, dnnl_engine(), out.raw());
  r->prim->execute(dnnl_stream(), src, dst);
  dnnl_stream().wait();
}

template <class T>
void reorder_loop(Tensor& out, const Tensor& in) {
  const LaneView src = lane_view(in), dst = lane_view(out);
  const T* x = in.data<T>();
  T* y = out.data<T>();
  const int64_t N = src.N, C = src.C, HW = src.HW;
  parallel_for(N * C, std::max<int64_t>(1, 4096 / std::max<int64_t>(HW, 1)), [&](int64_t b, int64_t e) {
    for (int64_t nc = b; nc < e; ++nc) {
      const int64_t n = nc / C, c = nc % C;
      const T* xp = x + src.at(n, c / src.B, 0, c % src.B);
      T* yp = y + dst.at(n, c / dst.B, 0, c % dst.B);
      for (int64_t i = 0; i < HW; ++i) yp[i * dst.B] = xp[i * src.B];
    }
  });
}

}  // namespace

void reorder(Tensor& out, const Tensor& in) {
  if (in.numel() == 0) {
    out.zero_();
    return;
  }
  if (in.layout() == out.layout()) {  // oneDNN builds no primitive for a reorder that changes nothing
    std::memcpy(out.raw(), in.raw(), out.nbytes());
    return;
  }
  // Padding lanes are zeroed here whatever the reorder does with them.
  if (is_blocked(out.layout()) && out.size(1) % layout_block(out.layout()) != 0) out.zero_();
  if (in.dtype() != DType::Float64) {
    with_op_name("toLayout", [&] { reorder_dnnl(out, in); });
  } else {
    reorder_loop<double>(out, in);
  }
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(reorder, CPU, cpu::reorder)
}  // namespace mssar
