// Time per op: while profiling is on, every binding entry's wall time (with the device's queue
// drained, so CUDA work is counted where it was issued) adds up under the entry's name.
#pragma once
#include <string>
#include <vector>

namespace mssar {

struct ProfileRecord {
  std::string name;
  long long calls = 0;
  double seconds = 0;
};

bool profiling();
void profiler_start();
// Stops profiling and returns what was recorded, most time first.
std::vector<ProfileRecord> profiler_stop();
void profiler_add(const char* name, double seconds);
// Waits for queued device work (CUDA), so the time lands on the op that issued it.
void profiler_drain();

}  // namespace mssar
