// Shared pieces of the data entries: dataset and loader handles (type-tagged externals that own a
// shared_ptr, so a dataset lives as long as any loader reading it) and the parsing of options.
#pragma once
#include <napi.h>

#include <memory>
#include <vector>

#include "../native/data/dataset.h"
#include "../native/data/loader.h"
#include "../native/data/transform.h"
#include "args.h"

namespace mssar::binding {

Napi::Value wrap_dataset(Napi::Env env, std::shared_ptr<data::Dataset> ds);
std::shared_ptr<data::Dataset> dataset_arg(const Napi::CallbackInfo& info, const Args& a, size_t i);

Napi::Value wrap_loader(Napi::Env env, std::shared_ptr<data::Loader> loader);
std::shared_ptr<data::Loader> loader_arg(const Napi::CallbackInfo& info, const Args& a, size_t i);

// 'raise' or 'skip'
data::OnError on_error_arg(const Args& a, size_t i, const char* name);
// An array of step objects, as src/data/transforms.ts normalizes them.
std::vector<data::TransformStep> transform_arg(const Napi::CallbackInfo& info, const Args& a, size_t i,
                                               const char* name);

Napi::Uint8Array bytes_to_js(Napi::Env env, const uint8_t* data, size_t n);

}  // namespace mssar::binding
