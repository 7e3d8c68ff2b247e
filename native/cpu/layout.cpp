// Layout reorders on the CPU. Every layout maps a logical (n, c, h, w) to one physical offset;
// blocked layouts keep the padding channels at zero.
#include "../ops/layout.h"

#include <cstring>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

namespace {
struct Offsets {
  int64_t C, H, W, block, Cp;
  Layout layout;
  int64_t at(int64_t n, int64_t c, int64_t h, int64_t w) const {
    switch (layout) {
      case Layout::Plain: return ((n * C + c) * H + h) * W + w;
      case Layout::ChannelsLast: return ((n * H + h) * W + w) * C + c;
      default: return (((n * (Cp / block) + c / block) * H + h) * W + w) * block + c % block;
    }
  }
};
Offsets offsets(const Tensor& t) {
  const Shape& s = t.shape();
  int64_t b = layout_block(t.layout());
  return Offsets{s[1], s[2], s[3], b, (s[1] + b - 1) / b * b, t.layout()};
}
}  // namespace

void reorder(Tensor& out, const Tensor& in) {
  const Offsets src = offsets(in), dst = offsets(out);
  const int64_t N = in.shape()[0], C = src.C, H = src.H, W = src.W;
  if (layout_block(out.layout()) > 1) out.zero_();
  dispatch_all(in.dtype(), "reorder", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* x = in.data<scalar_t>();
    scalar_t* y = out.data<scalar_t>();
    parallel_for(N * C, 16, [&](int64_t b, int64_t e) {
      for (int64_t nc = b; nc < e; ++nc) {
        const int64_t n = nc / C, c = nc % C;
        for (int64_t h = 0; h < H; ++h)
          for (int64_t w = 0; w < W; ++w) y[dst.at(n, c, h, w)] = x[src.at(n, c, h, w)];
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(reorder, CPU, cpu::reorder)
}  // namespace mssar
