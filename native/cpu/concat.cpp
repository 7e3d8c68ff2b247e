// concat on the CPU: y is a sequence of rows (the dims before `dim`), each the runs of every input
// side by side; a run is contiguous in both tensors, so the copy is memcpy of runs. The work is cut
// by ranges of y (one parallel region), so one large input is split across threads too.
#include "../ops/concat.h"

#include <algorithm>
#include <cstring>

#include "../core/parallel.h"

namespace mssar::cpu {

namespace {

// Copies between y and its pieces over y's element range [b, e): into y when `gather`.
void move_runs(char* y, const std::vector<char*>& pieces, const ConcatGeometry& g, size_t elem, bool gather,
               int64_t b, int64_t e) {
  for (int64_t o = b / g.row; o < g.outer && o * g.row < e; ++o) {
    for (size_t i = 0; i < pieces.size(); ++i) {
      const int64_t start = o * g.row + g.offset[i];
      const int64_t lo = std::max(b, start), hi = std::min(e, start + g.run[i]);
      if (lo >= hi) continue;
      char* in_y = y + size_t(lo) * elem;
      char* in_piece = pieces[i] + size_t(o * g.run[i] + (lo - start)) * elem;
      const size_t bytes = size_t(hi - lo) * elem;
      if (gather) {
        std::memcpy(in_y, in_piece, bytes);
      } else {
        std::memcpy(in_piece, in_y, bytes);
      }
    }
  }
}

std::vector<int64_t> sizes_along(const std::vector<Tensor>& ts, int64_t dim) {
  std::vector<int64_t> s;
  for (const Tensor& t : ts) s.push_back(t.size(dim));
  return s;
}

void run(char* y, const std::vector<char*>& pieces, const ConcatGeometry& g, size_t elem, bool gather) {
  const int64_t grain = int64_t((size_t(1) << 18) / elem);  // about 256 KiB per task
  parallel_for(g.outer * g.row, grain, [&](int64_t b, int64_t e) { move_runs(y, pieces, g, elem, gather, b, e); });
}

}  // namespace

void concat_forward(Tensor& y, const std::vector<Tensor>& xs, int64_t dim) {
  const ConcatGeometry g = concat_geometry(y.shape(), sizes_along(xs, dim), dim);
  std::vector<char*> pieces;
  for (const Tensor& x : xs) pieces.push_back(static_cast<char*>(x.raw()));
  run(static_cast<char*>(y.raw()), pieces, g, dtype_size(y.dtype()), true);
}

void concat_backward(std::vector<Tensor>& dxs, const Tensor& dy, int64_t dim) {
  const ConcatGeometry g = concat_geometry(dy.shape(), sizes_along(dxs, dim), dim);
  std::vector<char*> pieces;
  for (const Tensor& dx : dxs) pieces.push_back(static_cast<char*>(dx.raw()));
  run(static_cast<char*>(dy.raw()), pieces, g, dtype_size(dy.dtype()), false);
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(concat_forward, CPU, cpu::concat_forward)
MSSAR_REGISTER_KERNEL(concat_backward, CPU, cpu::concat_backward)
}  // namespace mssar
