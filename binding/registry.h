// Every binding file registers its entries here at static-initialisation time; addon.cpp exports
// them all. Each entry runs behind one guard (registry.cpp) that turns any native failure into a
// JavaScript Error, so no input can take the process down.
#pragma once
#include <napi.h>

#include <vector>

namespace mssar::binding {

using EntryFn = Napi::Value (*)(const Napi::CallbackInfo& info);

enum class EntryKind {
  Plain,  // exported on the addon object only
  Op,     // also exported on addon.ref, where it runs the float64 reference kernels
};

struct Entry {
  const char* name;
  EntryFn fn;
  EntryKind kind;
};

std::vector<Entry>& entries();
bool add_entry(const char* name, EntryFn fn, EntryKind kind);
void export_entries(Napi::Env env, Napi::Object exports);

}  // namespace mssar::binding

#define MSSAR_BIND(js_name, fn) \
  static const bool mssar_bind_##fn = ::mssar::binding::add_entry(js_name, &fn, ::mssar::binding::EntryKind::Plain);
#define MSSAR_BIND_OP(js_name, fn) \
  static const bool mssar_bind_##fn = ::mssar::binding::add_entry(js_name, &fn, ::mssar::binding::EntryKind::Op);
