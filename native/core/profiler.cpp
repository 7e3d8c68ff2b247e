#include "profiler.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <unordered_map>

#include "device_api.h"

namespace mssar {

namespace {
std::atomic<bool> g_on{false};
std::atomic<ProfileClock> g_clock{ProfileClock::Wall};
std::mutex g_mu;
std::unordered_map<std::string, ProfileRecord> g_records;
}  // namespace

bool profiling() { return g_on.load(std::memory_order_relaxed); }

void profiler_start(ProfileClock clock) {
  std::lock_guard<std::mutex> l(g_mu);
  g_records.clear();
  g_clock = clock;
  g_on = true;
}

double profiler_now() {
  if (g_clock.load(std::memory_order_relaxed) == ProfileClock::ProcessCpu) {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
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
