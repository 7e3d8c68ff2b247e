#include "storage.h"

#include <atomic>

#include "cpu_allocator.h"
#include "error.h"

namespace mssar {

namespace {
struct Counters {
  std::atomic<int64_t> tensors{0}, bytes{0}, peak{0};
};
Counters g_counters[2];
CpuDeviceApi g_cpu_api;
DeviceApi* g_apis[2] = {&g_cpu_api, nullptr};

void count(Device d, int64_t delta_tensors, int64_t delta_bytes) {
  Counters& c = g_counters[int(d)];
  c.tensors += delta_tensors;
  int64_t now = (c.bytes += delta_bytes);
  int64_t peak = c.peak.load();
  while (now > peak && !c.peak.compare_exchange_weak(peak, now)) {
  }
}
}  // namespace

DeviceApi* device_api(Device d) { return g_apis[int(d)]; }
void register_device_api(Device d, DeviceApi* api) { g_apis[int(d)] = api; }

std::shared_ptr<Storage> Storage::allocate(Device device, size_t bytes) {
  DeviceApi* api = device_api(device);
  MSSAR_CHECK(api, "allocate: device ", device_name(device), " is not available");
  void* p = api->allocate(bytes);
  count(device, 1, int64_t(bytes));
  return std::shared_ptr<Storage>(new Storage(device, p, bytes));
}

Storage::~Storage() {
  device_api(device_)->deallocate(data_, bytes_);
  count(device_, -1, -int64_t(bytes_));
}

MemoryStats memory_stats(Device d) {
  MemoryStats s;
  const Counters& c = g_counters[int(d)];
  s.tensors = c.tensors;
  s.bytes = c.bytes;
  s.peak_bytes = c.peak;
  if (DeviceApi* api = device_api(d)) api->fill_stats(s);
  return s;
}

void reset_peak_memory(Device d) { g_counters[int(d)].peak = g_counters[int(d)].bytes.load(); }

}  // namespace mssar
