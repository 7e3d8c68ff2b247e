// std::vector with cache-line-aligned storage. malloc aligns to 16 bytes only, so a 256- or 512-bit
// vector load of a plane held in a plain std::vector may straddle two cache lines; in an
// AlignedVector a vector of L lanes at a multiple of L never does.
#pragma once
#include <cstddef>
#include <new>
#include <vector>

namespace mssar {

template <class T>
struct CacheAligned {
  using value_type = T;
  static constexpr std::align_val_t align{64};
  CacheAligned() = default;
  template <class U>
  CacheAligned(const CacheAligned<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), align)); }
  void deallocate(T* p, size_t) { ::operator delete(p, align); }
  template <class U>
  bool operator==(const CacheAligned<U>&) const { return true; }
  template <class U>
  bool operator!=(const CacheAligned<U>&) const { return false; }
};

template <class T>
using AlignedVector = std::vector<T, CacheAligned<T>>;

}  // namespace mssar
