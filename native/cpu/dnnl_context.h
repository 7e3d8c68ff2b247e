// What every oneDNN kernel shares: the one engine and stream of the process, memory descriptors
// for our tensors (from their layout tag), scratch buffers from our allocator, and a cache of
// built primitives keyed by a plain struct, so a repeated shape builds nothing.
#pragma once
#include <atomic>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <unordered_map>

#include <dnnl.hpp>

#include "../core/error.h"
#include "../core/tensor.h"

namespace mssar::cpu {

dnnl::engine& dnnl_engine();
dnnl::stream& dnnl_stream();

dnnl::memory::data_type dnnl_type(DType t);
// The oneDNN format of a layout (4-d tensors; Plain also for any rank).
dnnl::memory::format_tag dnnl_tag(Layout l, int64_t ndim);
// The descriptor of a tensor as it lies in memory (dims = its logical shape).
dnnl::memory::desc dnnl_desc(const Tensor& t);
dnnl::memory::dims dnnl_dims(const Shape& s);

// Host memory of at least `bytes` from our caching allocator, to hold reordered tensors and
// primitive scratchpads for one call.
Tensor scratch_buffer(size_t bytes);

// A reorder between two descriptors, built once; empty when they are equal (nothing to move).
struct CachedReorder {
  dnnl::memory::desc from, to;
  std::shared_ptr<dnnl::reorder> prim;
  CachedReorder() = default;
  CachedReorder(const dnnl::memory::desc& src, const dnnl::memory::desc& dst);
  bool needed() const { return prim != nullptr; }
};

// Runs `user` through the reorder into a scratch buffer when one is needed; returns the memory a
// primitive should read (the user's own when no reorder is needed). `hold` keeps the buffer alive.
dnnl::memory reorder_in(const CachedReorder& r, const dnnl::memory::desc& user_desc, void* user_ptr, Tensor& hold);
// The memory a primitive should write: a scratch buffer when the result must be reordered to the
// user's layout afterwards (finish with reorder_out), else the user's own.
dnnl::memory output_memory(const CachedReorder& r, const dnnl::memory::desc& user_desc, void* user_ptr, Tensor& hold);
void reorder_out(const CachedReorder& r, dnnl::memory produced, const dnnl::memory::desc& user_desc,
                 void* user_ptr);
// A user-mode scratchpad for a primitive (null memory when it needs none).
dnnl::memory scratchpad_memory(const dnnl::memory::desc& md, Tensor& hold);

// How many primitives (convolutions, matmuls, reorders) the caches have built, and how many times a
// cache was asked: a steady training loop raises `lookups` only.
struct DnnlCacheStats {
  int64_t built = 0, lookups = 0;
};
DnnlCacheStats dnnl_cache_stats();
void note_dnnl_built();
void note_dnnl_lookup();

// Byte-wise hash and equality of a key made only of integers (no padding bytes).
template <class Key>
struct BytesHash {
  static_assert(std::has_unique_object_representations_v<Key>, "cache keys must have no padding");
  size_t operator()(const Key& k) const {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(&k);
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (size_t i = 0; i < sizeof(Key); ++i) h = (h ^ p[i]) * 1099511628211ull;
    return size_t(h);
  }
};
template <class Key>
struct BytesEqual {
  bool operator()(const Key& a, const Key& b) const { return std::memcmp(&a, &b, sizeof(Key)) == 0; }
};

template <class Key, class Value>
class PrimitiveCache {
 public:
  // The cached value for `key`, built by make() the first time.
  template <class Make>
  std::shared_ptr<const Value> get(const Key& key, Make&& make) {
    note_dnnl_lookup();
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it != map_.end()) return it->second;
    auto v = std::make_shared<const Value>(make());
    map_.emplace(key, v);
    return v;
  }

 private:
  std::mutex mu_;
  std::unordered_map<Key, std::shared_ptr<const Value>, BytesHash<Key>, BytesEqual<Key>> map_;
};

// Runs f, putting the op's name in front of oneDNN's errors and of out-of-memory errors (scratch
// buffers), so that every message starts with the op.
template <class F>
void with_op_name(const char* op, F&& f) {
  try {
    f();
  } catch (const OutOfMemory& e) {
    throw OutOfMemory(cat(op, ": ", e.what()));
  } catch (const dnnl::error& e) {
    fail(op, ": oneDNN: ", e.what());
  }
}

// Attributes every cached primitive is built with: scratchpads come from our allocator.
dnnl::primitive_attr user_scratchpad_attr();

}  // namespace mssar::cpu
