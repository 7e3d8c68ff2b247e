#include "dispatch.h"

#include "cuda_loader.h"

namespace mssar {

namespace {
thread_local bool t_reference = false;
}

const char* backend_name(Backend b) {
  switch (b) {
    case Backend::Reference: return "reference";
    case Backend::CPU: return "cpu";
    case Backend::CUDA: return "cuda";
  }
  return "?";
}

ReferenceMode::ReferenceMode() : previous_(t_reference) { t_reference = true; }
ReferenceMode::~ReferenceMode() { t_reference = previous_; }
bool ReferenceMode::active() { return t_reference; }

Backend select_backend(const char* op, std::initializer_list<const Tensor*> tensors) {
  const Tensor* first = nullptr;
  for (const Tensor* t : tensors) {
    if (!t || !t->defined()) continue;
    if (!first) {
      first = t;
    } else if (t->device() != first->device()) {
      fail(op, ": tensors are on different devices: ", first->describe(), " and ", t->describe());
    }
  }
  MSSAR_CHECK(first, op, ": no tensor arguments");
  if (t_reference) {
    for (const Tensor* t : tensors) {
      if (!t || !t->defined()) continue;
      MSSAR_CHECK(t->device() == Device::CPU && t->dtype() != DType::Float32 && t->layout() == Layout::Plain, op,
                  ": the reference kernels take plain float64 tensors on the cpu, got ", t->describe());
    }
    return Backend::Reference;
  }
  if (first->device() == Device::CUDA) {
    require_cuda();
    return Backend::CUDA;
  }
  return Backend::CPU;
}

}  // namespace mssar
