// The thread program of the CUDA concat kernel (native/cuda/concat_elements.cuh) runs on the host
// against the CPU kernel, forward and backward, float32 and float64, bit for bit: every thread of
// every block of the launches concat.cu makes (its batches of concat::kBatch inputs and its grid),
// and again on a grid of one block column and two block rows, so that the grid-stride loops over
// rows and run elements take several steps. Shapes: concatenation along the first, a middle and
// the last dim, 1-d and 4-d, sizes 1, pieces of size 0 along dim, runs longer than a block, and
// more inputs than one launch takes.
#include <algorithm>

#include "../../native/cuda/concat_elements.cuh"
#include "../../native/ops/concat.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

namespace cc = mssar::cuda::concat;

enum class GridChoice { Launcher, Narrow };

// Runs the launches of concat.cu's launch() on the host: y and pieces as the kernel gets them.
template <class T, bool kGather>
void emulate_launches(T* y, const std::vector<T*>& pieces, const ConcatGeometry& g, GridChoice choice) {
  for (size_t first = 0; first < pieces.size(); first += cc::kBatch) {
    const int count = int(std::min<size_t>(cc::kBatch, pieces.size() - first));
    cc::Pieces<T> p{};
    long long longest = 0;
    for (int k = 0; k < count; ++k) {
      p.ptr[k] = pieces[first + size_t(k)];
      p.run[k] = g.run[first + size_t(k)];
      p.offset[k] = g.offset[first + size_t(k)];
      longest = std::max(longest, p.run[k]);
    }
    if (longest == 0) continue;
    const cc::Grid grid = choice == GridChoice::Launcher ? cc::grid_for_pieces(longest, g.outer, count) : cc::Grid{1, 2};
    for (long long bz = 0; bz < grid.z; ++bz)
      for (int by = 0; by < count; ++by)
        for (long long bx = 0; bx < grid.x; ++bx)
          for (long long t = 0; t < cc::kThreads; ++t)
            cc::concat_thread<T, kGather>(y, p, g.outer, g.row, by, bz, grid.z, bx * cc::kThreads + t,
                                          grid.x * cc::kThreads);
  }
}

std::string describe_case(const std::vector<Tensor>& xs, int64_t dim, DType dt, GridChoice choice) {
  std::string s = cat("concat ", dtype_name(dt), " dim ", dim, " of ", xs.size(), " inputs");
  for (size_t i = 0; i < xs.size() && i < 4; ++i) s += cat(" ", shape_str(xs[i].shape()));
  if (xs.size() > 4) s += " ...";
  return s + (choice == GridChoice::Narrow ? " (narrow grid)" : "");
}

template <class T>
void check_concat(const std::vector<Shape>& shapes, int64_t dim, DType dt, GridChoice choice, std::mt19937& rng) {
  std::vector<Tensor> xs;
  std::vector<int64_t> sizes;
  for (const Shape& s : shapes) {
    xs.push_back(random_tensor(s, dt, rng));
    sizes.push_back(s[size_t(dim)]);
  }
  const std::string name = describe_case(xs, dim, dt, choice);
  const Tensor y = concat_forward(xs, dim);
  const ConcatGeometry g = concat_geometry(y.shape(), sizes, dim);
  const size_t n = size_t(y.numel());
  Guarded<T> out(n);
  std::vector<T*> pieces;
  for (Tensor& x : xs) pieces.push_back(x.data<T>());
  emulate_launches<T, true>(out.data(), pieces, g, choice);
  size_t bad = first_bit_difference(out.data(), y.data<T>(), n);
  report(out.guards_intact() && bad == n, cat(name, at_element(bad, n)));

  const Tensor dy = random_tensor(y.shape(), dt, rng);
  const std::vector<Tensor> dxs = concat_backward(dy, sizes, dim);
  std::vector<Guarded<T>> douts;
  for (const Tensor& dx : dxs) douts.emplace_back(size_t(dx.numel()));
  std::vector<T*> dpieces;
  for (Guarded<T>& d : douts) dpieces.push_back(d.data());
  emulate_launches<T, false>(const_cast<T*>(dy.data<T>()), dpieces, g, choice);
  for (size_t i = 0; i < dxs.size(); ++i) {
    const size_t m = size_t(dxs[i].numel());
    bad = first_bit_difference(douts[i].data(), dxs[i].data<T>(), m);
    report(douts[i].guards_intact() && bad == m, cat(name, " backward, piece ", i, at_element(bad, m)));
  }
}

struct ConcatCase {
  std::vector<Shape> shapes;
  int64_t dim;
};

std::vector<ConcatCase> concat_shapes() {
  std::vector<ConcatCase> cases = {
      {{{2, 3, 4}, {2, 1, 4}, {2, 5, 4}}, 1},
      {{{1, 3, 2}, {4, 3, 2}}, 0},
      {{{3, 2, 1}, {3, 2, 5}, {3, 2, 2}}, 2},
      {{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, 0},
      {{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, 1},
      {{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, 2},
      {{{5}, {1}, {7}}, 0},
      {{{2, 3, 5, 7}, {2, 3, 1, 7}, {2, 3, 0, 7}, {2, 3, 4, 7}}, 2},
      {{{3, 0, 5}, {3, 2, 5}}, 1},
      {{{2, 300, 3}, {2, 7, 3}}, 1},
      {{{1, 613}, {1, 1}, {1, 259}}, 1},
  };
  // More inputs than one launch takes: 19 along a middle dim, 17 along the first.
  ConcatCase many{{}, 1}, many_first{{}, 0};
  for (int i = 0; i < 19; ++i) many.shapes.push_back({2, i % 3 + 1, 3});
  for (int i = 0; i < 17; ++i) many_first.shapes.push_back({i % 2 + 1, 5});
  cases.push_back(many);
  cases.push_back(many_first);
  return cases;
}

}  // namespace

void concat_cases() {
  std::mt19937 rng(43);
  for (const ConcatCase& c : concat_shapes()) {
    for (GridChoice choice : {GridChoice::Launcher, GridChoice::Narrow}) {
      check_concat<float>(c.shapes, c.dim, DType::Float32, choice, rng);
      check_concat<double>(c.shapes, c.dim, DType::Float64, choice, rng);
    }
  }
}

}  // namespace mssar::emulation
