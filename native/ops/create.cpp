#include "create.h"

#include "../core/cuda_loader.h"
#include "../core/philox.h"
#include "../core/random.h"
#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(fill)
MSSAR_DEFINE_KERNEL(rand_uniform)
MSSAR_DEFINE_KERNEL(rand_normal)
MSSAR_DEFINE_KERNEL(cast)
MSSAR_DEFINE_KERNEL(accumulate)

namespace {
// Creation runs on the device's own backend even in reference mode: the reference kernels are for
// the math of the ops, not for making tensors.
Backend device_backend(Device d) {
  if (d == Device::CUDA) {
    require_cuda();
    return Backend::CUDA;
  }
  return Backend::CPU;
}

Tensor make(const char* op, const Shape& shape, DType dtype, Device device, Layout layout = Layout::Plain) {
  if (device == Device::CUDA) require_cuda();
  try {
    return Tensor::empty(shape, dtype, device, layout);
  } catch (const OutOfMemory& e) {
    fail(op, ": ", e.what(), " (shape ", shape_str(shape), " ", dtype_name(dtype), ")");
  }
}
}  // namespace

Tensor full(const Shape& shape, double value, DType dtype, Device device) {
  Tensor t = make("full", shape, dtype, device);
  fill_kernels()[device_backend(device)](t, value);
  return t;
}

Tensor rand_uniform(const Shape& shape, double low, double high, DType dtype, Device device) {
  MSSAR_CHECK(dtype != DType::Int32, "rand: dtype must be float32 or float64");
  MSSAR_CHECK(low <= high, "rand: low ", low, " must not exceed high ", high);
  Tensor t = make("rand", shape, dtype, device);
  RngState s = rng_state();
  uint64_t offset = rng_reserve(philox_blocks(uint64_t(t.numel())));
  rand_uniform_kernels()[device_backend(device)](t, s.seed, offset, low, high);
  return t;
}

Tensor rand_normal(const Shape& shape, double mean, double stddev, DType dtype, Device device) {
  MSSAR_CHECK(dtype != DType::Int32, "randn: dtype must be float32 or float64");
  MSSAR_CHECK(stddev >= 0, "randn: stddev must be >= 0, got ", stddev);
  Tensor t = make("randn", shape, dtype, device);
  RngState s = rng_state();
  uint64_t offset = rng_reserve(philox_blocks(uint64_t(t.numel())));
  rand_normal_kernels()[device_backend(device)](t, s.seed, offset, mean, stddev);
  return t;
}

Tensor cast(const Tensor& x_in, DType dtype) {
  check_defined("cast", "x", x_in);
  const Tensor x = to_plain(x_in);
  Tensor y = make("cast", x.shape(), dtype, x.device());
  if (dtype == x.dtype()) {
    y.copy_from(x);
  } else {
    cast_kernels()[device_backend(x.device())](y, x);
  }
  return y;
}

Tensor to_device(const Tensor& x, Device device) {
  check_defined("to", "x", x);
  Tensor y = make("to", x.shape(), x.dtype(), device, x.layout());
  y.copy_from(x);
  return y;
}

Tensor clone(const Tensor& x) { return to_device(x, x.device()); }

void accumulate_(Tensor& dst, const Tensor& src) {
  check_float("accumulate", "dst", dst);
  check_same_shape("accumulate", "dst", dst, "src", src);
  check_same_dtype("accumulate", "dst", dst, "src", src);
  MSSAR_CHECK(dst.device() == src.device(), "accumulate: devices differ: ", dst.describe(), " and ", src.describe());
  // Gradients reaching one tensor may come in different layouts: src is brought to dst's.
  accumulate_kernels()[device_backend(dst.device())](dst, to_layout(src, dst.layout()));
}

}  // namespace mssar
