// Kernel tables: one per kernel name, one slot per backend. The ops layer (native/ops) checks its
// arguments, allocates outputs and calls kernels through these tables; each backend's file fills
// its slot when its library loads:
//
//   native/ops/relu.h        MSSAR_DECLARE_KERNEL(relu_forward, void(Tensor& y, const Tensor& x))
//   native/ops/relu.cpp      MSSAR_DEFINE_KERNEL(relu_forward)
//   native/cpu/relu.cpp      MSSAR_REGISTER_KERNEL(relu_forward, CPU, cpu::relu_forward)
//   native/cpu/ref/relu.cpp  MSSAR_REGISTER_KERNEL(relu_forward, Reference, ref::relu_forward)
//   native/cuda/relu.cu      MSSAR_REGISTER_KERNEL(relu_forward, CUDA, cuda::relu_forward)
#pragma once
#include <initializer_list>

#include "error.h"
#include "tensor.h"

namespace mssar {

enum class Backend : uint8_t { Reference = 0, CPU = 1, CUDA = 2 };
constexpr int kNumBackends = 3;
const char* backend_name(Backend b);

// While one of these lives on a thread, ops on that thread run the float64 reference kernels
// (native/cpu/ref), the ground truth the tests compare every fast kernel with.
class ReferenceMode {
 public:
  ReferenceMode();
  ~ReferenceMode();
  ReferenceMode(const ReferenceMode&) = delete;
  ReferenceMode& operator=(const ReferenceMode&) = delete;
  static bool active();

 private:
  bool previous_;
};

// The backend for an op on these tensors: all defined ones must share a device; in reference mode
// they must be float64 (or int32) on the CPU. Names the op and the tensors in any error.
Backend select_backend(const char* op, std::initializer_list<const Tensor*> tensors);

template <class Fn>
class KernelTable {
 public:
  explicit KernelTable(const char* name) : name_(name) {}
  void set(Backend b, Fn* fn) { fns_[int(b)] = fn; }
  bool has(Backend b) const { return fns_[int(b)] != nullptr; }
  Fn* operator[](Backend b) const {
    Fn* fn = fns_[int(b)];
    MSSAR_CHECK(fn, name_, ": no ", backend_name(b), " kernel");
    return fn;
  }

 private:
  const char* name_;
  Fn* fns_[kNumBackends] = {};
};

}  // namespace mssar

#define MSSAR_DECLARE_KERNEL(name, signature) \
  using name##_fn = signature;                \
  ::mssar::KernelTable<name##_fn>& name##_kernels();

#define MSSAR_DEFINE_KERNEL(name)                           \
  ::mssar::KernelTable<name##_fn>& name##_kernels() {       \
    static ::mssar::KernelTable<name##_fn> table(#name);    \
    return table;                                           \
  }

#define MSSAR_REGISTER_KERNEL(name, backend, fn)                                               \
  static const bool mssar_registered_##name##_##backend =                                     \
      (::mssar::name##_kernels().set(::mssar::Backend::backend, &fn), true);
