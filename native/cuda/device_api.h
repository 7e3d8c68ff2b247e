// CUDA memory: a caching allocator (so a training loop's steady state calls cudaMalloc never),
// host copies through pinned staging buffers on the one compute stream, and a settable limit.
#pragma once
#include <cstddef>
#include <map>
#include <unordered_map>
#include <mutex>

#include "../core/device_api.h"

namespace mssar::cuda {

class CudaDeviceApi final : public DeviceApi {
 public:
  void* allocate(size_t bytes) override;
  void deallocate(void* ptr, size_t bytes) override;
  void copy(void* dst, Device dst_dev, const void* src, Device src_dev, size_t bytes) override;
  void zero(void* ptr, size_t bytes) override;
  void synchronize() override;
  void empty_cache() override;
  void set_limit(int64_t bytes) override;
  void fill_stats(MemoryStats& s) override;

  // Sizes handed out: 512-byte steps below 1 MiB, 2 MiB steps above.
  static size_t round_size(size_t bytes);

 private:
  std::mutex mu_;
  std::multimap<size_t, void*> free_;  // cached blocks by size, for best fit
  std::unordered_map<void*, size_t> live_;  // handed-out block -> its real size
  int64_t allocated_ = 0, cached_ = 0, limit_ = 0, allocations_ = 0;
  void* staging_ = nullptr;            // pinned host buffer for host <-> device copies
  size_t staging_bytes_ = 0;
  void release_cached_locked();
  void* staging(size_t bytes);
};

CudaDeviceApi& device_api();

}  // namespace mssar::cuda
