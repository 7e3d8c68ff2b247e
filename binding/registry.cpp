#include "registry.h"

#include <exception>
#include <new>
#include <string>

#include "../native/core/dispatch.h"
#include "../native/core/checked.h"
#include "../native/core/error.h"
#include "../native/core/profiler.h"
#include "args.h"

namespace mssar::binding {

std::vector<Entry>& entries() {
  static std::vector<Entry> all;
  return all;
}

bool add_entry(const char* name, EntryFn fn, EntryKind kind) {
  entries().push_back(Entry{name, fn, kind});
  return true;
}

namespace {

// The public TypeScript name of an entry: conv2dForward is conv2d's forward.
Napi::Value run_profiled(const Napi::CallbackInfo& info, const Entry& e) {
  profiler_drain();
  const double t0 = profiler_now();
  Napi::Value out = e.fn(info);
  profiler_drain();
  profiler_add(e.name, profiler_now() - t0);
  return out;
}

Napi::Value run_guarded(const Napi::CallbackInfo& info, bool reference) {
  Napi::Env env = info.Env();
  const Entry& e = entries()[reinterpret_cast<size_t>(info.Data())];
  try {
    if (reference) {
      ReferenceMode mode;
      return e.fn(info);
    }
    return profiling() ? run_profiled(info, e) : e.fn(info);
  } catch (const Napi::Error&) {
    throw;  // already a JavaScript error (argument checks)
  } catch (const OutOfMemory& oom) {
    // Raised by an allocator, which does not know the op: the entry that asked is named here.
    throw Napi::Error::New(env, oom.names_op() ? std::string(oom.what()) : op_display_name(e.name) + ": " + oom.what());
  } catch (const SizeError& se) {
    throw Napi::Error::New(env, op_display_name(e.name) + ": " + se.what());
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, op_display_name(e.name) + ": out of host memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  } catch (...) {
    throw Napi::Error::New(env, "unknown native error");
  }
}

Napi::Value call_plain(const Napi::CallbackInfo& info) { return run_guarded(info, false); }

Napi::Value call_reference(const Napi::CallbackInfo& info) { return run_guarded(info, true); }

}  // namespace

void export_entries(Napi::Env env, Napi::Object exports) {
  Napi::Object ref = Napi::Object::New(env);
  for (size_t i = 0; i < entries().size(); ++i) {
    const Entry& e = entries()[i];
    void* data = reinterpret_cast<void*>(i);  // the entry's index: entries() no longer changes
    exports.Set(e.name, Napi::Function::New(env, call_plain, e.name, data));
    if (e.kind == EntryKind::Op) ref.Set(e.name, Napi::Function::New(env, call_reference, e.name, data));
  }
  exports.Set("ref", ref);
}

}  // namespace mssar::binding
