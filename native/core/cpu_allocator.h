// Host memory: 64-byte aligned blocks, cached by size so that a training loop's steady state
// allocates nothing (same shapes every step, so the same sizes come back).
#pragma once
#include <mutex>
#include <unordered_map>
#include <vector>

#include "device_api.h"

namespace mssar {

class CpuDeviceApi final : public DeviceApi {
 public:
  void* allocate(size_t bytes) override;
  void deallocate(void* ptr, size_t bytes) override;
  void copy(void* dst, Device dst_dev, const void* src, Device src_dev, size_t bytes) override;
  void zero(void* ptr, size_t bytes) override;
  void synchronize() override {}
  void empty_cache() override;
  void set_limit(int64_t bytes) override;
  void fill_stats(MemoryStats& s) override;

  static size_t round_size(size_t bytes);

 private:
  std::mutex mu_;
  std::unordered_map<size_t, std::vector<void*>> free_;  // rounded size -> cached blocks
  int64_t allocated_ = 0, cached_ = 0, limit_ = 0, allocations_ = 0;
  void release_cached_locked();
};

}  // namespace mssar
