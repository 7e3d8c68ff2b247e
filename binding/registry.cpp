#include "registry.h"

#include <exception>
#include <new>
#include <string>

#include "../native/core/dispatch.h"
#include "../native/core/error.h"

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

Napi::Value run_guarded(const Napi::CallbackInfo& info, EntryFn fn, bool reference) {
  Napi::Env env = info.Env();
  try {
    if (reference) {
      ReferenceMode mode;
      return fn(info);
    }
    return fn(info);
  } catch (const Napi::Error&) {
    throw;  // already a JavaScript error (argument checks)
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, "out of host memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  } catch (...) {
    throw Napi::Error::New(env, "unknown native error");
  }
}

Napi::Value call_plain(const Napi::CallbackInfo& info) {
  return run_guarded(info, reinterpret_cast<EntryFn>(info.Data()), false);
}

Napi::Value call_reference(const Napi::CallbackInfo& info) {
  return run_guarded(info, reinterpret_cast<EntryFn>(info.Data()), true);
}

}  // namespace

void export_entries(Napi::Env env, Napi::Object exports) {
  Napi::Object ref = Napi::Object::New(env);
  for (const Entry& e : entries()) {
    void* data = reinterpret_cast<void*>(e.fn);
    exports.Set(e.name, Napi::Function::New(env, call_plain, e.name, data));
    if (e.kind == EntryKind::Op) ref.Set(e.name, Napi::Function::New(env, call_reference, e.name, data));
  }
  exports.Set("ref", ref);
}

}  // namespace mssar::binding
