#include "cuda_math.h"

#include "cuda_loader.h"
#include "error.h"

namespace mssar {

namespace {
// Constant-initialized, so the CUDA library may register from its static initializers.
CudaMathHooks g_hooks;
}  // namespace

void register_cuda_math_hooks(const CudaMathHooks& hooks) { g_hooks = hooks; }

bool cuda_tf32() {
  require_cuda();
  MSSAR_CHECK(g_hooks.get_tf32, "getTF32: the CUDA library did not register its math settings");
  return g_hooks.get_tf32();
}

void set_cuda_tf32(bool on) {
  require_cuda();
  MSSAR_CHECK(g_hooks.set_tf32, "setTF32: the CUDA library did not register its math settings");
  g_hooks.set_tf32(on);
}

}  // namespace mssar
