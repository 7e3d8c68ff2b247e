// A block of device memory shared by the tensors that view it. Counts itself in the per-device
// memory statistics from birth to death.
#pragma once
#include <cstddef>
#include <memory>

#include "device_api.h"
#include "types.h"

namespace mssar {

class Storage {
 public:
  // Throws OutOfMemory, or Error when the device is not available.
  static std::shared_ptr<Storage> allocate(Device device, size_t bytes);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }
  Device device() const { return device_; }

 private:
  Storage(Device device, void* data, size_t bytes) : device_(device), data_(data), bytes_(bytes) {}
  Device device_;
  void* data_;
  size_t bytes_;
};

MemoryStats memory_stats(Device d);
void reset_peak_memory(Device d);

}  // namespace mssar
