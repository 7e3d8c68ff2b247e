// The CPU loops of indexSelect and gather (native/ops/index_geometry.h): the forward over output
// elements in parallel; the backward over (outer, inner) groups in parallel, each walking its group
// along dim on one thread, so that repeated indices add without races. `at(lin, j)` gives the
// position along dim that output element lin (at position j along dim) reads.
#pragma once
#include <algorithm>

#include "../core/parallel.h"
#include "../ops/index_geometry.h"

namespace mssar::cpu {

template <class T, class At>
void index_gather_forward(T* y, const T* x, const IndexGeometry& g, int64_t n, const At& at) {
  parallel_for(n, 4096, [&](int64_t b, int64_t e) {
    for (int64_t lin = b; lin < e; ++lin) y[lin] = x[index_x_offset(g, lin, at(lin, (lin / g.inner) % g.len))];
  });
}

template <class T, class At>
void index_gather_backward(T* dx, const T* dy, const IndexGeometry& g, const At& at) {
  parallel_for(g.outer * g.inner, std::max<int64_t>(1, 4096 / std::max<int64_t>(g.len, 1)), [&](int64_t b, int64_t e) {
    for (int64_t group = b; group < e; ++group) {
      const int64_t o = group / g.inner, i = group % g.inner;
      for (int64_t j = 0; j < g.len; ++j) {
        const int64_t lin = (o * g.len + j) * g.inner + i;
        dx[index_x_offset(g, lin, at(lin, j))] += dy[lin];
      }
    }
  });
}

}  // namespace mssar::cpu
