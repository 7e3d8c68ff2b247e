// What a device must provide to hold tensors: memory, copies and a way to wait for its work.
// The CPU's lives in the core; the CUDA library registers its own when it is loaded.
#pragma once
#include <cstddef>
#include <cstdint>

#include "types.h"

namespace mssar {

struct MemoryStats {
  int64_t tensors = 0;          // live storages
  int64_t bytes = 0;            // bytes held by live storages
  int64_t peak_bytes = 0;       // highest `bytes` since the last reset
  int64_t allocated_bytes = 0;  // bytes handed out by the allocator (rounded up)
  int64_t cached_bytes = 0;     // bytes kept by the allocator for reuse
  int64_t limit_bytes = 0;      // 0 = no limit
  int64_t allocations = 0;      // calls that reached the system allocator
};

class DeviceApi {
 public:
  virtual ~DeviceApi() = default;
  // Throws OutOfMemory when the memory cannot be had.
  virtual void* allocate(size_t bytes) = 0;
  virtual void deallocate(void* ptr, size_t bytes) = 0;
  // Copies between this device and the host, or within this device. `dst_dev`/`src_dev` say where
  // each side lives; one of them is always this device.
  virtual void copy(void* dst, Device dst_dev, const void* src, Device src_dev, size_t bytes) = 0;
  virtual void zero(void* ptr, size_t bytes) = 0;
  virtual void synchronize() = 0;
  virtual void empty_cache() = 0;
  virtual void set_limit(int64_t bytes) = 0;
  virtual void fill_stats(MemoryStats& s) = 0;
};

// nullptr for CUDA until the CUDA library has registered itself.
DeviceApi* device_api(Device d);
void register_device_api(Device d, DeviceApi* api);

}  // namespace mssar
