// How indexSelect and gather walk their output: element `lin` of the output (row-major, shape
// `size`) reads x at its own coordinates, but for dim `dim`, where it reads the index value.
// Output elements that differ only along `dim` may read (and, backward, add into) the same x
// element, so the backward kernels give each (outer, inner) group to one thread and loop along
// `dim` within it, or add atomically (CUDA). Plain data: CUDA kernels take it by value.
#pragma once
#include <cstdint>

#include "../core/index_values.h"
#include "../core/tensor.h"

namespace mssar {

struct IndexGeometry {
  static constexpr int kMaxDims = 8;
  int ndim = 0, dim = 0;
  int64_t size[kMaxDims] = {};     // output shape
  int64_t xstride[kMaxDims] = {};  // x's row-major strides
  int64_t outer = 1, len = 1, inner = 1;  // the output as [outer, len (along dim), inner]
};

inline IndexGeometry index_geometry(const Shape& out, const Shape& x, int64_t dim) {
  IndexGeometry g;
  g.ndim = int(out.size());
  g.dim = int(dim);
  int64_t s = 1;
  for (int d = g.ndim - 1; d >= 0; --d) {
    g.size[d] = out[size_t(d)];
    g.xstride[d] = s;
    s *= x[size_t(d)];
  }
  for (int d = 0; d < g.ndim; ++d) {
    if (d < dim) g.outer *= out[size_t(d)];
    if (d > dim) g.inner *= out[size_t(d)];
  }
  g.len = out[size_t(dim)];
  return g;
}

// The x offset of output element `lin` when it reads position `at` along dim.
MSSAR_INDEX_HD inline int64_t index_x_offset(const IndexGeometry& g, int64_t lin, int64_t at) {
  int64_t off = 0;
  for (int d = g.ndim - 1; d >= 0; --d) {
    const int64_t q = lin / g.size[d];
    off += (d == g.dim ? at : lin - q * g.size[d]) * g.xstride[d];
    lin = q;
  }
  return off;
}

}  // namespace mssar
