// The per-element program of the CUDA sgd_step kernel (native/cuda/sgd_step_elements.cuh) runs on
// the host against the CPU kernel, float32 and float64, sizes 1 and 1037: without momentum (no
// buffer), and with momentum on the first step and a later one, with and without dampening,
// Nesterov and weight decay. The updated parameter and buffer are compared to 1e-6 (float32) or
// 1e-14 (float64) relative, not bit for bit: either compiler may fuse a multiply and an add (the
// device does by default), which changes the last bit.
#include "../../native/cuda/sgd_step_elements.cuh"
#include "../../native/ops/sgd_step.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

template <class T>
void check_sgd_step(const SgdOptions& opt, int64_t n, DType dt, std::mt19937& rng) {
  const bool momentum = opt.momentum != 0;
  const Tensor p0 = random_tensor({n}, dt, rng), g = random_tensor({n}, dt, rng);
  const Tensor m0 = momentum ? random_tensor({n}, dt, rng) : Tensor();
  Tensor p = Tensor::empty_like(p0), m;
  p.copy_from(p0);
  if (momentum) {
    m = Tensor::empty_like(m0);
    m.copy_from(m0);
  }
  sgd_step_kernels()[Backend::CPU](p, m, g, opt);

  const size_t count = size_t(n);
  Guarded<T> ep(count), em(count);
  std::memcpy(ep.data(), p0.data<T>(), count * sizeof(T));
  if (momentum) std::memcpy(em.data(), m0.data<T>(), count * sizeof(T));
  // The arguments as sgd_step.cu's launcher passes them.
  for (size_t i = 0; i < count; ++i)
    cuda::sgd_step_element(ep.data(), momentum ? em.data() : nullptr, g.data<T>(), T(opt.lr), T(opt.momentum),
                           T(1 - opt.dampening), T(opt.weight_decay), opt.nesterov, opt.first, (long long)i);

  const double tol = std::is_same_v<T, float> ? 1e-6 : 1e-14;
  const std::string name = cat("sgdStep ", dtype_name(dt), " n ", n, " momentum ", opt.momentum, " dampening ",
                               opt.dampening, " weight decay ", opt.weight_decay, opt.nesterov ? " nesterov" : "",
                               opt.first ? " first step" : "");
  size_t bad = first_difference(ep.data(), p.data<T>(), count, tol);
  report(ep.guards_intact() && bad == count, cat(name, ": param", at_element(bad, count)));
  if (!momentum) return;
  bad = first_difference(em.data(), m.data<T>(), count, tol);
  report(em.guards_intact() && bad == count, cat(name, ": buffer", at_element(bad, count)));
}

template <class T>
void sgd_step_for(DType dt, std::mt19937& rng) {
  for (int64_t n : {int64_t(1), int64_t(1037)}) {
    for (double wd : {0.0, 0.01}) {
      SgdOptions plain;
      plain.lr = 0.1;
      plain.weight_decay = wd;
      check_sgd_step<T>(plain, n, dt, rng);
      for (double dampening : {0.0, 0.25})
        for (bool nesterov : {false, true})
          for (bool first : {true, false}) {
            SgdOptions opt = plain;
            opt.momentum = 0.9;
            opt.dampening = dampening;
            opt.nesterov = nesterov;
            opt.first = first;
            check_sgd_step<T>(opt, n, dt, rng);
          }
    }
  }
}

}  // namespace

void sgd_step_cases() {
  std::mt19937 rng(47);
  sgd_step_for<float>(DType::Float32, rng);
  sgd_step_for<double>(DType::Float64, rng);
}

}  // namespace mssar::emulation
