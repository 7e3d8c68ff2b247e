// Making tensors and moving them: fill, random, dtype casts, device copies.
#pragma once
#include <cstdint>

#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(fill, void(Tensor& out, double value))
MSSAR_DECLARE_KERNEL(rand_uniform, void(Tensor& out, uint64_t seed, uint64_t offset, double low, double high))
MSSAR_DECLARE_KERNEL(rand_normal, void(Tensor& out, uint64_t seed, uint64_t offset, double mean, double stddev))
MSSAR_DECLARE_KERNEL(cast, void(Tensor& out, const Tensor& in))
// dst += src, elementwise, same shape and dtype (gradient accumulation).
MSSAR_DECLARE_KERNEL(accumulate, void(Tensor& dst, const Tensor& src))

Tensor full(const Shape& shape, double value, DType dtype, Device device);
Tensor rand_uniform(const Shape& shape, double low, double high, DType dtype, Device device);
Tensor rand_normal(const Shape& shape, double mean, double stddev, DType dtype, Device device);
Tensor cast(const Tensor& x, DType dtype);
Tensor to_device(const Tensor& x, Device device);
Tensor clone(const Tensor& x);
void accumulate_(Tensor& dst, const Tensor& src);

}  // namespace mssar
