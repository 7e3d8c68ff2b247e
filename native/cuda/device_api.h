// CUDA memory: a caching allocator (so a training loop's steady state calls cudaMalloc never),
// host copies through pinned staging buffers on the one compute stream, and a settable limit.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <map>
#include <mutex>
#include <unordered_map>

#include "../core/device_api.h"

namespace mssar::cuda {

// Two pinned host buffers that host <-> device copies pass through, chunk by chunk, alternating.
// Each has an event recorded after the last copy that used it: the host waits on it before it
// writes into the buffer again (a copy to the device returns as soon as its last chunk is queued)
// or reads what a copy to the host left there.
class PinnedStaging {
 public:
  static constexpr size_t kChunk = size_t(64) << 20;
  ~PinnedStaging() = default;  // left to the process exit: the driver may be gone by then
  // Host -> device: returns once the data is in pinned memory and the copies are queued.
  void to_device(void* dst, const void* src, size_t bytes, cudaStream_t s);
  // Device -> host: returns when the data is in dst.
  void to_host(void* dst, const void* src, size_t bytes, cudaStream_t s);

 private:
  struct Buffer {
    char* data = nullptr;
    size_t bytes = 0;
    cudaEvent_t done = nullptr;
    bool pending = false;  // `done` recorded and not yet waited for
  };
  std::mutex mu_;
  Buffer buf_[2];
  int next_ = 0;
  // The next buffer, at least `bytes` large, its previous copy finished.
  Buffer& take(size_t bytes);
  static void wait(Buffer& b, const char* op);
};

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
  // allocated_: bytes in live blocks; cached_: bytes in free_. The limit caps their sum (what the
  // allocator holds of the device).
  int64_t allocated_ = 0, cached_ = 0, limit_ = 0, allocations_ = 0;
  PinnedStaging staging_;
  // Frees cached blocks, largest first, until `need` more bytes fit under the limit (all of them
  // when need < 0).
  void release_cached_locked(int64_t need);
};

CudaDeviceApi& device_api();

}  // namespace mssar::cuda
