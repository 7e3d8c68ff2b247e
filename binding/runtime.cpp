// Binding entries about the runtime: backends, memory, random state, threads.
#include <dnnl.hpp>

#include "../native/core/cuda_loader.h"
#include "../native/core/device_api.h"
#include "../native/core/parallel.h"
#include "../native/core/profiler.h"
#include "../native/core/random.h"
#include "../native/core/storage.h"
#include "args.h"
#include "registry.h"

namespace mssar::binding {

namespace {

// backends() -> [{ name, available, reason?, info? }]
Napi::Value backends(const Napi::CallbackInfo& info) {
  Args a(info, "backends", 0);
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, 2);
  Napi::Object cpu = Napi::Object::New(env);
  cpu.Set("name", "cpu");
  cpu.Set("available", true);
  const dnnl_version_t* v = dnnl_version();
  cpu.Set("info", "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                      std::to_string(v->patch) + ", " + std::to_string(num_threads()) + " threads");
  out.Set(0u, cpu);
  const CudaStatus& s = cuda_status();
  Napi::Object cuda = Napi::Object::New(env);
  cuda.Set("name", "cuda");
  cuda.Set("available", s.available);
  if (s.available) {
    cuda.Set("info", s.device);
  } else {
    cuda.Set("reason", s.reason);
  }
  out.Set(1u, cuda);
  return out;
}
MSSAR_BIND("backends", backends)

// memory(device) -> { tensors, bytes, peakBytes, allocatedBytes, cachedBytes, limitBytes, allocations }
Napi::Value memory(const Napi::CallbackInfo& info) {
  Args a(info, "memory", 1);
  MemoryStats s = memory_stats(a.device(0, "device"));
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("tensors", double(s.tensors));
  o.Set("bytes", double(s.bytes));
  o.Set("peakBytes", double(s.peak_bytes));
  o.Set("allocatedBytes", double(s.allocated_bytes));
  o.Set("cachedBytes", double(s.cached_bytes));
  o.Set("limitBytes", double(s.limit_bytes));
  o.Set("allocations", double(s.allocations));
  return o;
}
MSSAR_BIND("memory", memory)

DeviceApi& api_of(const Args& a, size_t i) {
  Device d = a.device(i, "device");
  if (d == Device::CUDA) require_cuda();
  return *device_api(d);
}

Napi::Value reset_peak(const Napi::CallbackInfo& info) {
  Args a(info, "resetPeakMemory", 1);
  reset_peak_memory(a.device(0, "device"));
  return info.Env().Undefined();
}
MSSAR_BIND("resetPeakMemory", reset_peak)

Napi::Value empty_cache(const Napi::CallbackInfo& info) {
  Args a(info, "emptyCache", 1);
  api_of(a, 0).empty_cache();
  return info.Env().Undefined();
}
MSSAR_BIND("emptyCache", empty_cache)

// setMemoryLimit(device, bytes): 0 removes the limit
Napi::Value set_memory_limit(const Napi::CallbackInfo& info) {
  Args a(info, "setMemoryLimit", 2);
  int64_t bytes = a.integer_at_least(1, "bytes", 0);
  api_of(a, 0).set_limit(bytes);
  return info.Env().Undefined();
}
MSSAR_BIND("setMemoryLimit", set_memory_limit)

Napi::Value synchronize(const Napi::CallbackInfo& info) {
  Args a(info, "synchronize", 1);
  api_of(a, 0).synchronize();
  return info.Env().Undefined();
}
MSSAR_BIND("synchronize", synchronize)

// manualSeed(seed): seed is an integer in [0, 2^53)
Napi::Value manual_seed_entry(const Napi::CallbackInfo& info) {
  Args a(info, "manualSeed", 1);
  manual_seed(uint64_t(a.integer_at_least(0, "seed", 0)));
  return info.Env().Undefined();
}
MSSAR_BIND("manualSeed", manual_seed_entry)

// getRngState() -> [seed, offset]
Napi::Value get_rng_state(const Napi::CallbackInfo& info) {
  Args a(info, "getRngState", 0);
  RngState s = rng_state();
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, double(s.seed));
  out.Set(1u, double(s.offset));
  return out;
}
MSSAR_BIND("getRngState", get_rng_state)

// setRngState(seed, offset)
Napi::Value set_rng_state_entry(const Napi::CallbackInfo& info) {
  Args a(info, "setRngState", 2);
  set_rng_state(RngState{uint64_t(a.integer_at_least(0, "seed", 0)), uint64_t(a.integer_at_least(1, "offset", 0))});
  return info.Env().Undefined();
}
MSSAR_BIND("setRngState", set_rng_state_entry)

Napi::Value get_num_threads(const Napi::CallbackInfo& info) {
  Args a(info, "getNumThreads", 0);
  return Napi::Number::New(info.Env(), num_threads());
}
MSSAR_BIND("getNumThreads", get_num_threads)

Napi::Value set_num_threads_entry(const Napi::CallbackInfo& info) {
  Args a(info, "setNumThreads", 1);
  set_num_threads(a.integer(0, "threads"));
  return info.Env().Undefined();
}
MSSAR_BIND("setNumThreads", set_num_threads_entry)

Napi::Value max_num_threads_entry(const Napi::CallbackInfo& info) {
  Args a(info, "maxNumThreads", 0);
  return Napi::Number::New(info.Env(), max_num_threads());
}
MSSAR_BIND("maxNumThreads", max_num_threads_entry)

Napi::Value profiler_start_entry(const Napi::CallbackInfo& info) {
  Args a(info, "profilerStart", 0, 1);
  ProfileClock clock = ProfileClock::Wall;
  if (a.present(0)) {
    const std::string c = a.string(0, "clock");
    if (c == "cpu") {
      clock = ProfileClock::ProcessCpu;
    } else if (c != "wall") {
      a.fail(0, "clock", "'wall' or 'cpu'");
    }
  }
  profiler_start(clock);
  return info.Env().Undefined();
}
MSSAR_BIND("profilerStart", profiler_start_entry)

// profilerStop() -> [{ name, calls, ms }], most time first
Napi::Value profiler_stop_entry(const Napi::CallbackInfo& info) {
  Args a(info, "profilerStop", 0);
  std::vector<ProfileRecord> records = profiler_stop();
  Napi::Array out = Napi::Array::New(info.Env(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("name", records[i].name);
    o.Set("calls", double(records[i].calls));
    o.Set("ms", records[i].seconds * 1e3);
    out.Set(uint32_t(i), o);
  }
  return out;
}
MSSAR_BIND("profilerStop", profiler_stop_entry)

}  // namespace

}  // namespace mssar::binding
