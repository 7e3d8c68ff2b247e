// matmul: batched, broadcasting matrix product. a [..., M, K] times b [..., K, N] -> y [..., M, N];
// the batch dims (all but the last two) broadcast by NumPy's rules. The ops layer gives the kernels
// a, b and y with the same number of dims (size-1 dims prepended: a reshape, no copy).
// Backward: dA = dY B^T and dB = A^T dY per batch, summed over the batches an operand was broadcast over.
#pragma once
#include <array>

#include "../core/dispatch.h"

namespace mssar {

// The kernels never see an empty y, nor K = 0. dA always has y's batch dims (the ops layer sums it
// down); dB has y's batch dims or, when b's batch dims are all 1, b's own (the kernel then sums
// over the batches itself, which folds into one product).
MSSAR_DECLARE_KERNEL(matmul_forward, void(Tensor& y, const Tensor& a, const Tensor& b))
MSSAR_DECLARE_KERNEL(matmul_backward, void(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b))

Tensor matmul_forward(const Tensor& a, const Tensor& b);
// need: {da, db}; undefined tensors for those not needed.
std::array<Tensor, 2> matmul_backward(const Tensor& dy, const Tensor& a, const Tensor& b, std::array<bool, 2> need);

// Batches of t (its elements / its last two dims), and the batch of t that batch `i` of a
// broadcast result with batch dims `out` reads (t has as many dims as the result).
int64_t matmul_batches(const Tensor& t);
int64_t matmul_batch_of(int64_t i, const Shape& out, const Tensor& t);

}  // namespace mssar
