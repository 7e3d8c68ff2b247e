#include "cpu_allocator.h"

#include <cstdlib>
#include <cstring>

#include "error.h"

namespace mssar {

size_t CpuDeviceApi::round_size(size_t bytes) {
  if (bytes == 0) bytes = 1;
  // Small blocks in 64-byte steps, large ones in 4 KiB steps: few distinct sizes, little waste.
  size_t step = bytes < (1u << 16) ? 64 : 4096;
  return (bytes + step - 1) / step * step;
}

void* CpuDeviceApi::allocate(size_t bytes) {
  size_t size = round_size(bytes);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = free_.find(size);
  if (it != free_.end() && !it->second.empty()) {
    void* p = it->second.back();
    it->second.pop_back();
    cached_ -= size;
    allocated_ += size;
    return p;
  }
  if (limit_ > 0 && allocated_ + int64_t(size) > limit_) {
    release_cached_locked();
    if (allocated_ + int64_t(size) > limit_)
      throw OutOfMemory(cat("cpu out of memory: ", bytes, " bytes requested, ", allocated_,
                            " allocated, limit ", limit_),
                        false);
  }
  void* p = std::aligned_alloc(64, size);
  if (!p) {
    release_cached_locked();
    p = std::aligned_alloc(64, size);
  }
  if (!p) throw OutOfMemory(cat("cpu out of memory: ", bytes, " bytes requested"), false);
  allocated_ += size;
  ++allocations_;
  return p;
}

void CpuDeviceApi::deallocate(void* ptr, size_t bytes) {
  size_t size = round_size(bytes);
  std::lock_guard<std::mutex> lock(mu_);
  allocated_ -= size;
  free_[size].push_back(ptr);
  cached_ += size;
}

void CpuDeviceApi::copy(void* dst, Device, const void* src, Device, size_t bytes) {
  if (bytes) std::memcpy(dst, src, bytes);
}

void CpuDeviceApi::zero(void* ptr, size_t bytes) {
  if (bytes) std::memset(ptr, 0, bytes);
}

void CpuDeviceApi::release_cached_locked() {
  for (auto& kv : free_)
    for (void* p : kv.second) std::free(p);
  free_.clear();
  cached_ = 0;
}

void CpuDeviceApi::empty_cache() {
  std::lock_guard<std::mutex> lock(mu_);
  release_cached_locked();
}

void CpuDeviceApi::set_limit(int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  limit_ = bytes;
}

void CpuDeviceApi::fill_stats(MemoryStats& s) {
  std::lock_guard<std::mutex> lock(mu_);
  s.allocated_bytes = allocated_;
  s.cached_bytes = cached_;
  s.limit_bytes = limit_;
  s.allocations = allocations_;
}

}  // namespace mssar
