#include "broadcast_plan.h"

#include <algorithm>
#include <sstream>

#include "../core/error.h"

namespace mssar {

Shape broadcast_shape(const char* op, std::initializer_list<const Shape*> shapes) {
  size_t ndim = 0;
  for (const Shape* s : shapes) ndim = std::max(ndim, s->size());
  Shape out(ndim, 1);
  for (const Shape* s : shapes) {
    const size_t lead = ndim - s->size();
    for (size_t d = 0; d < s->size(); ++d) {
      const int64_t v = (*s)[d];
      int64_t& o = out[lead + d];
      if (v == o || v == 1) continue;
      if (o == 1) {
        o = v;
        continue;
      }
      std::ostringstream list;
      bool first = true;
      for (const Shape* t : shapes) list << (first ? "" : " and ") << shape_str(*t), first = false;
      fail(op, ": shapes ", list.str(), " cannot be broadcast (dim ", int64_t(d) - int64_t(s->size()), ": ", o,
           " against ", v, ")");
    }
  }
  return out;
}

BroadcastPlan make_broadcast_plan(const char* op, const Shape& out, std::initializer_list<const Shape*> shapes) {
  const int nops = int(shapes.size());
  MSSAR_CHECK(nops <= BroadcastPlan::kMaxOperands, op, ": too many operands");
  // Per output dim (size-1 dims dropped: they change no offset): the size and each operand's stride.
  struct Dim {
    int64_t size;
    int64_t stride[BroadcastPlan::kMaxOperands];
  };
  std::vector<Dim> dims;
  const size_t nd = out.size();
  std::vector<int64_t> running(size_t(nops), 1);
  for (size_t r = 0; r < nd; ++r) {  // innermost first
    const size_t d = nd - 1 - r;
    Dim dim{out[d], {}};
    int k = 0;
    for (const Shape* s : shapes) {
      const size_t lead = nd - s->size();
      const int64_t v = d >= lead ? (*s)[d - lead] : 1;
      dim.stride[k] = v == 1 ? 0 : running[size_t(k)];
      running[size_t(k)] *= v;
      ++k;
    }
    if (dim.size != 1) dims.push_back(dim);
  }
  std::reverse(dims.begin(), dims.end());
  // Merge a dim into the next inner one when every operand steps over the inner one exactly.
  std::vector<Dim> merged;
  for (const Dim& dm : dims) {
    if (!merged.empty()) {
      Dim& prev = merged.back();  // outer neighbour of dm
      bool ok = true;
      for (int k = 0; k < nops; ++k) ok = ok && prev.stride[k] == dm.stride[k] * dm.size;
      if (ok) {
        prev.size *= dm.size;
        for (int k = 0; k < nops; ++k) prev.stride[k] = dm.stride[k];
        continue;
      }
    }
    merged.push_back(dm);
  }
  MSSAR_CHECK(int(merged.size()) <= BroadcastPlan::kMaxDims, op, ": shape ", shape_str(out), " needs more than ",
              BroadcastPlan::kMaxDims, " dims after merging");
  BroadcastPlan p;
  p.numel = numel(out);
  if (merged.empty()) return p;  // one element
  p.ndim = int(merged.size());
  for (int d = 0; d < p.ndim; ++d) {
    p.size[d] = merged[size_t(d)].size;
    for (int k = 0; k < nops; ++k) p.stride[k][d] = merged[size_t(d)].stride[k];
  }
  return p;
}

}  // namespace mssar
