// Time per op: while profiling is on, every binding entry's time (with the device's queue drained,
// so CUDA work is counted where it was issued) adds up under the entry's name. The clock is wall
// time, or the process's CPU time (all threads): on a machine shared with other work, CPU time of
// a one-thread run is far steadier than wall time.
#pragma once
#include <string>
#include <vector>

namespace mssar {

struct ProfileRecord {
  std::string name;
  long long calls = 0;
  double seconds = 0;
};

enum class ProfileClock { Wall, ProcessCpu };

bool profiling();
void profiler_start(ProfileClock clock = ProfileClock::Wall);
// Seconds on the clock of the running profile.
double profiler_now();
// Stops profiling and returns what was recorded, most time first.
std::vector<ProfileRecord> profiler_stop();
void profiler_add(const char* name, double seconds);
// Waits for queued device work (CUDA), so the time lands on the op that issued it.
void profiler_drain();

}  // namespace mssar
