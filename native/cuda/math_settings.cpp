// Hands the core the TF32 switch of native/cuda/context.h (see core/cuda_math.h).
#include "../core/cuda_math.h"
#include "context.h"

namespace {
const bool registered = (mssar::register_cuda_math_hooks(
                             mssar::CudaMathHooks{&mssar::cuda::tf32_enabled, &mssar::cuda::set_tf32}),
                         true);
}  // namespace
