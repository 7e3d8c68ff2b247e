// The CUDA library's math switches (TF32 tensor-core math for float32 convolutions and matrix
// products), reachable from the core, which does not link CUDA: the library registers its
// functions here when it loads.
#pragma once

namespace mssar {

struct CudaMathHooks {
  bool (*get_tf32)() = nullptr;
  void (*set_tf32)(bool) = nullptr;
};

void register_cuda_math_hooks(const CudaMathHooks& hooks);
// Both throw the reason CUDA is unavailable, when it is.
bool cuda_tf32();
void set_cuda_tf32(bool on);

}  // namespace mssar
