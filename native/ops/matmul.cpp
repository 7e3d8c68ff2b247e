#include "matmul.h"

#include <algorithm>

#include "checks.h"
#include "layout.h"
#include "sum.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(matmul_forward)
MSSAR_DEFINE_KERNEL(matmul_backward)

namespace {

// Sizes stay below 2^31: cuBLAS takes ints. At most 8 dims: the broadcast gradient is summed by sum.
constexpr int64_t kMaxDim = int64_t(1) << 31;
constexpr int64_t kMaxDims = 8;

Tensor allocate(const char* op, const char* what, const Shape& shape, const Tensor& like) {
  try {
    return Tensor::empty(shape, like.dtype(), like.device());
  } catch (const OutOfMemory& e) {
    throw OutOfMemory(cat(op, ": cannot allocate ", what, " ", shape_str(shape), " ", dtype_name(like.dtype()), " ",
                          device_name(like.device()), ": ", e.what()));
  }
}

// a and b checked and padded with leading size-1 dims to the same count; `out` is y's shape.
struct Operands {
  Tensor a, b;
  Shape out;
};

Operands operands(const char* op, const Tensor& a_in, const Tensor& b_in) {
  check_float(op, "a", a_in);
  check_float(op, "b", b_in);
  check_same_dtype(op, "a", a_in, "b", b_in);
  MSSAR_CHECK(a_in.ndim() >= 2 && b_in.ndim() >= 2, op, ": a and b must have at least 2 dims, got ", a_in.describe(),
              " and ", b_in.describe());
  MSSAR_CHECK(a_in.ndim() <= kMaxDims && b_in.ndim() <= kMaxDims, op, ": at most ", kMaxDims, " dims, got ",
              a_in.describe(), " and ", b_in.describe());
  const int64_t M = a_in.size(-2), K = a_in.size(-1), N = b_in.size(-1);
  MSSAR_CHECK(b_in.size(-2) == K, op, ": a ", a_in.describe(), " has ", K, " columns but b ", b_in.describe(), " has ",
              b_in.size(-2), " rows");
  for (int64_t d : {M, K, N})
    MSSAR_CHECK(d < kMaxDim, op, ": matrix sizes must stay below 2^31, got a ", a_in.describe(), " and b ",
                b_in.describe());
  const int64_t nd = std::max(a_in.ndim(), b_in.ndim());
  auto padded = [&](const Tensor& t) {
    Shape s(size_t(nd - t.ndim()), 1);
    s.insert(s.end(), t.shape().begin(), t.shape().end());
    return to_plain(t).reshape(s);
  };
  Operands o{padded(a_in), padded(b_in), Shape(size_t(nd), 1)};
  for (int64_t d = 0; d < nd - 2; ++d) {
    const int64_t x = o.a.size(d), y = o.b.size(d);
    MSSAR_CHECK(x == y || x == 1 || y == 1, op, ": the batch dims of a ", a_in.describe(), " and b ", b_in.describe(),
                " do not broadcast (dim ", d, " of the padded shapes: ", x, " vs ", y, ")");
    o.out[size_t(d)] = x == 1 ? y : x;
  }
  o.out[size_t(nd - 2)] = M;
  o.out[size_t(nd - 1)] = N;
  return o;
}

// The batch dims along which t (padded) was broadcast to `out`.
std::vector<int64_t> broadcast_dims(const Tensor& t, const Shape& out) {
  std::vector<int64_t> dims;
  for (int64_t d = 0; d + 2 < int64_t(out.size()); ++d)
    if (t.size(d) == 1 && out[size_t(d)] != 1) dims.push_back(d);
  return dims;
}

}  // namespace

int64_t matmul_batches(const Tensor& t) {
  int64_t n = 1;
  for (int64_t d = 0; d + 2 < t.ndim(); ++d) n *= t.size(d);
  return n;
}

int64_t matmul_batch_of(int64_t i, const Shape& out, const Tensor& t) {
  int64_t idx = 0, mul = 1;
  for (int64_t d = int64_t(out.size()) - 3; d >= 0; --d) {
    const int64_t s = out[size_t(d)];
    const int64_t coord = i % s;
    i /= s;
    if (t.size(d) != 1) idx += coord * mul;
    mul *= t.size(d);
  }
  return idx;
}

Tensor matmul_forward(const Tensor& a_in, const Tensor& b_in) {
  const char* op = "matmul";
  Operands o = operands(op, a_in, b_in);
  Backend be = select_backend(op, {&o.a, &o.b});
  Tensor y = allocate(op, "the output", o.out, o.a);
  if (y.numel() == 0) return y;
  if (o.a.size(-1) == 0) {
    y.zero_();
    return y;
  }
  matmul_forward_kernels()[be](y, o.a, o.b);
  return y;
}

std::array<Tensor, 2> matmul_backward(const Tensor& dy_in, const Tensor& a_in, const Tensor& b_in,
                                      std::array<bool, 2> need) {
  const char* op = "matmul backward";
  Operands o = operands(op, a_in, b_in);
  check_like(op, "a", a_in, "dy", dy_in);
  MSSAR_CHECK(dy_in.shape() == o.out, op, ": dy must have the output's shape ", shape_str(o.out), " (a ",
              a_in.describe(), ", b ", b_in.describe(), "), got ", dy_in.describe());
  const Tensor dy = to_plain(dy_in);
  Backend be = select_backend(op, {&dy, &o.a, &o.b});
  const int64_t M = o.a.size(-2), K = o.a.size(-1), N = o.b.size(-1);
  Shape batch(o.out.begin(), o.out.end() - 2);
  const std::vector<int64_t> a_bc = broadcast_dims(o.a, o.out), b_bc = broadcast_dims(o.b, o.out);
  const bool b_folds = matmul_batches(o.b) == 1;
  Tensor da, db;
  if (need[0]) {
    Shape s = batch;
    s.insert(s.end(), {M, K});
    da = allocate(op, "da", s, o.a);
  }
  if (need[1]) {
    Shape s = b_folds ? o.b.shape() : batch;
    if (!b_folds) s.insert(s.end(), {K, N});
    db = allocate(op, "db", s, o.b);
  }
  if (!need[0] && !need[1]) return {};
  if (M == 0 || N == 0 || K == 0 || matmul_batches(dy) == 0) {
    if (da.defined()) da.zero_();
    if (db.defined()) db.zero_();
  } else {
    matmul_backward_kernels()[be](da, db, dy, o.a, o.b);
  }
  std::array<Tensor, 2> g;
  if (da.defined()) g[0] = a_bc.empty() ? da.reshape(a_in.shape()) : sum_to_shape(op, da, a_bc, a_in.shape());
  if (db.defined())
    g[1] = b_folds || b_bc.empty() ? db.reshape(b_in.shape()) : sum_to_shape(op, db, b_bc, b_in.shape());
  return g;
}

}  // namespace mssar
