#include "profiler.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <unordered_map>

#include "device_api.h"

namespace mssar {

namespace {
std::atomic<bool> g_on{false};
std::mutex g_mu;
std::unordered_map<std::string, ProfileRecord> g_records;
}  // namespace

bool profiling() { return g_on.load(std::memory_order_relaxed); }

void profiler_start() {
  std::lock_guard<std::mutex> l(g_mu);
  g_records.clear();
  g_on = true;
}

std::vector<ProfileRecord> profiler_stop() {
  std::lock_guard<std::mutex> l(g_mu);
  g_on = false;
  std::vector<ProfileRecord> out;
  for (auto& kv : g_records) out.push_back(kv.second);
  std::sort(out.begin(), out.end(), [](const ProfileRecord& a, const ProfileRecord& b) { return a.seconds > b.seconds; });
  g_records.clear();
  return out;
}

void profiler_add(const char* name, double seconds) {
  std::lock_guard<std::mutex> l(g_mu);
  ProfileRecord& r = g_records[name];
  r.name = name;
  r.calls++;
  r.seconds += seconds;
}

void profiler_drain() {
  if (DeviceApi* cuda = device_api(Device::CUDA)) cuda->synchronize();
}

}  // namespace mssar
