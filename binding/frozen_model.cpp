// frozenModelCreate() -> handle; frozenModelAdd*(handle, ...) -> the new value's number;
// frozenModelRun(handle, x) -> y; frozenModelBytes(handle) -> bytes; frozenModelRelease(handle).
// The handle is an External that owns the native FrozenModel (native/ops/frozen_model.h); release
// frees it at once, the finalizer otherwise.
#include "../native/ops/frozen_model.h"

#include <memory>

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

const napi_type_tag kFrozenModelTag = {0x6d737361722d6672ULL, 0x6f7a656e00000001ULL};

struct FrozenModelHolder {
  std::unique_ptr<FrozenModel> model;
};

FrozenModel& model_arg(const Napi::CallbackInfo& info, const Args& a) {
  if (info.Length() < 1 || !info[0].IsExternal() ||
      !info[0].As<Napi::External<FrozenModelHolder>>().CheckTypeTag(&kFrozenModelTag))
    a.fail(0, "model", "a native frozen model handle");
  FrozenModelHolder* h = info[0].As<Napi::External<FrozenModelHolder>>().Data();
  if (!h->model) a.fail(0, "model", "a frozen model that was not released");
  return *h->model;
}

Napi::Value number(Napi::Env env, int64_t v) { return Napi::Number::New(env, double(v)); }

Napi::Value create_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelCreate", 0);
  auto* holder = new FrozenModelHolder{std::make_unique<FrozenModel>()};
  auto ext = Napi::External<FrozenModelHolder>::New(info.Env(), holder, [](Napi::Env, FrozenModelHolder* h) { delete h; });
  ext.TypeTag(&kFrozenModelTag);
  return ext;
}
MSSAR_BIND("frozenModelCreate", create_entry)

Napi::Value add_conv_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelAddConv", 8);
  FrozenModel& m = model_arg(info, a);
  return number(info.Env(), m.add_conv(a.integer(1, "input"), a.tensor(2, "weight"), a.tensor(3, "bias"),
                                       a.integer(4, "stride"), a.integer(5, "padding"), a.boolean(6, "relu"),
                                       a.integer(7, "residual")));
}
MSSAR_BIND("frozenModelAddConv", add_conv_entry)

Napi::Value add_shortcut_a_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelAddShortcutA", 4);
  FrozenModel& m = model_arg(info, a);
  return number(info.Env(), m.add_shortcut_a(a.integer(1, "input"), a.integer(2, "stride"), a.integer(3, "outChannels")));
}
MSSAR_BIND("frozenModelAddShortcutA", add_shortcut_a_entry)

Napi::Value add_mssar_add_relu_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelAddMssarAddRelu", 7, 8);
  FrozenModel& m = model_arg(info, a);
  MssarOptions opt;
  opt.scales = a.integers(4, "scales");
  opt.symmetric = a.boolean(5, "symmetric");
  return number(info.Env(), m.add_mssar_add_relu(a.integer(1, "input"), a.tensor(2, "weight"), a.tensor(3, "bias"),
                                                 a.optional_tensor(7, "globalWeight"), opt, a.integer(6, "residual")));
}
MSSAR_BIND("frozenModelAddMssarAddRelu", add_mssar_add_relu_entry)

Napi::Value add_se_add_relu_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelAddSeAddRelu", 7);
  FrozenModel& m = model_arg(info, a);
  return number(info.Env(), m.add_se_add_relu(a.integer(1, "input"), a.tensor(2, "w1"), a.tensor(3, "b1"),
                                              a.tensor(4, "w2"), a.tensor(5, "b2"), a.integer(6, "residual")));
}
MSSAR_BIND("frozenModelAddSeAddRelu", add_se_add_relu_entry)

Napi::Value add_add_relu_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelAddAddRelu", 3);
  FrozenModel& m = model_arg(info, a);
  return number(info.Env(), m.add_add_relu(a.integer(1, "a"), a.integer(2, "b")));
}
MSSAR_BIND("frozenModelAddAddRelu", add_add_relu_entry)

Napi::Value add_head_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelAddHead", 4);
  FrozenModel& m = model_arg(info, a);
  return number(info.Env(), m.add_head(a.integer(1, "input"), a.tensor(2, "weight"), a.tensor(3, "bias")));
}
MSSAR_BIND("frozenModelAddHead", add_head_entry)

Napi::Value run_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelRun", 2);
  FrozenModel& m = model_arg(info, a);
  return TensorWrap::wrap(info.Env(), m.run(a.tensor(1, "x")));
}
MSSAR_BIND("frozenModelRun", run_entry)

Napi::Value bytes_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelBytes", 1);
  return number(info.Env(), model_arg(info, a).bytes());
}
MSSAR_BIND("frozenModelBytes", bytes_entry)

Napi::Value release_entry(const Napi::CallbackInfo& info) {
  Args a(info, "frozenModelRelease", 1);
  model_arg(info, a);
  info[0].As<Napi::External<FrozenModelHolder>>().Data()->model.reset();
  return info.Env().Undefined();
}
MSSAR_BIND("frozenModelRelease", release_entry)

}  // namespace

}  // namespace mssar::binding
