#include "dnnl_context.h"

#include "../core/error.h"

namespace mssar::cpu {

namespace {
std::atomic<int64_t> g_built{0}, g_lookups{0};
}

dnnl::engine& dnnl_engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::stream& dnnl_stream() {
  static dnnl::stream s(dnnl_engine());
  return s;
}

dnnl::memory::data_type dnnl_type(DType t) {
  switch (t) {
    case DType::Float32: return dnnl::memory::data_type::f32;
    case DType::Int32: return dnnl::memory::data_type::s32;
    default: fail("oneDNN: no ", dtype_name(t), " support");
  }
}

dnnl::memory::format_tag dnnl_tag(Layout l, int64_t ndim) {
  using tag = dnnl::memory::format_tag;
  if (l == Layout::Plain) {
    switch (ndim) {
      case 1: return tag::a;
      case 2: return tag::ab;
      case 3: return tag::abc;
      case 4: return tag::abcd;
      case 5: return tag::abcde;
      default: fail("oneDNN: no plain format for a ", ndim, "-d tensor");
    }
  }
  MSSAR_CHECK(ndim == 4, "oneDNN: layout ", layout_name(l), " needs a 4-d tensor");
  switch (l) {
    case Layout::ChannelsLast: return tag::acdb;
    case Layout::Blocked16: return tag::aBcd16b;
    case Layout::Blocked8: return tag::aBcd8b;
    default: return tag::abcd;
  }
}

dnnl::memory::dims dnnl_dims(const Shape& s) { return dnnl::memory::dims(s.begin(), s.end()); }

dnnl::memory::desc dnnl_desc(const Tensor& t) {
  return dnnl::memory::desc(dnnl_dims(t.shape()), dnnl_type(t.dtype()), dnnl_tag(t.layout(), t.ndim()));
}

Tensor scratch_buffer(size_t bytes) {
  return Tensor::empty({int64_t((bytes + sizeof(float) - 1) / sizeof(float))}, DType::Float32, Device::CPU);
}

CachedReorder::CachedReorder(const dnnl::memory::desc& src, const dnnl::memory::desc& dst) : from(src), to(dst) {
  if (src == dst) return;
  prim = std::make_shared<dnnl::reorder>(dnnl::reorder::primitive_desc(dnnl_engine(), src, dnnl_engine(), dst));
  note_dnnl_built();
}

dnnl::memory reorder_in(const CachedReorder& r, const dnnl::memory::desc& user_desc, void* user_ptr, Tensor& hold) {
  dnnl::memory user(user_desc, dnnl_engine(), user_ptr);
  if (!r.needed()) return user;
  hold = scratch_buffer(r.to.get_size());
  dnnl::memory out(r.to, dnnl_engine(), hold.raw());
  r.prim->execute(dnnl_stream(), user, out);
  return out;
}

dnnl::memory output_memory(const CachedReorder& r, const dnnl::memory::desc& user_desc, void* user_ptr, Tensor& hold) {
  if (!r.needed()) return dnnl::memory(user_desc, dnnl_engine(), user_ptr);
  hold = scratch_buffer(r.from.get_size());
  return dnnl::memory(r.from, dnnl_engine(), hold.raw());
}

void reorder_out(const CachedReorder& r, dnnl::memory produced, const dnnl::memory::desc& user_desc,
                 void* user_ptr) {
  if (!r.needed()) return;
  dnnl::memory user(user_desc, dnnl_engine(), user_ptr);
  r.prim->execute(dnnl_stream(), produced, user);
}

dnnl::memory scratchpad_memory(const dnnl::memory::desc& md, Tensor& hold) {
  const size_t bytes = md.get_size();
  if (bytes == 0) return dnnl::memory(md, dnnl_engine(), nullptr);
  hold = scratch_buffer(bytes);
  return dnnl::memory(md, dnnl_engine(), hold.raw());
}

dnnl::primitive_attr user_scratchpad_attr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

DnnlCacheStats dnnl_cache_stats() { return DnnlCacheStats{g_built.load(), g_lookups.load()}; }
void note_dnnl_built() { ++g_built; }
void note_dnnl_lookup() { ++g_lookups; }

}  // namespace mssar::cpu
