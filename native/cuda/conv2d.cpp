// conv2d on CUDA through cuDNN's convolution API. For each shape (plus dtype and the TF32 switch)
// the descriptors are made once and cuDNN's heuristics rank the algorithms once; a call then takes
// the first ranked algorithm whose workspace it can allocate from our caching allocator, and tries
// the next on out-of-memory (ATen's cudnn/ConvShared scheme). The bias goes through
// cudnnAddTensor and cudnnConvolutionBackwardBias.
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "../ops/conv2d.h"
#include "context.h"

namespace mssar::cuda {

namespace {

struct ConvKey {
  int64_t N, C, H, W, O, KH, KW, sh, sw, ph, pw, dh, dw, G, dtype, tf32;
  bool operator==(const ConvKey& o) const { return std::memcmp(this, &o, sizeof(ConvKey)) == 0; }
};
static_assert(std::has_unique_object_representations_v<ConvKey>, "ConvKey must have no padding");

struct ConvKeyHash {
  size_t operator()(const ConvKey& k) const {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(&k);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof(ConvKey); ++i) h = (h ^ p[i]) * 1099511628211ull;
    return size_t(h);
  }
};

struct Candidate {
  int algo;
  cudnnMathType_t math;
  size_t workspace;
};

struct Descriptors {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr, bias = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  Descriptors() = default;
  Descriptors(const Descriptors&) = delete;
  Descriptors& operator=(const Descriptors&) = delete;
  ~Descriptors() {
    if (x) cudnnDestroyTensorDescriptor(x);
    if (y) cudnnDestroyTensorDescriptor(y);
    if (bias) cudnnDestroyTensorDescriptor(bias);
    if (w) cudnnDestroyFilterDescriptor(w);
    if (conv) cudnnDestroyConvolutionDescriptor(conv);
  }
};

struct ConvPlan {
  Descriptors d;
  bool float32 = true, tf32 = false;
  bool ranked[3] = {false, false, false};  // forward, backward data, backward filter
  std::vector<Candidate> algos[3];
  std::mutex mu;  // the convolution descriptor's math type is set per call
};

enum Direction { kForward = 0, kBackwardData = 1, kBackwardFilter = 2 };

cudnnDataType_t cudnn_type(DType t) { return t == DType::Float64 ? CUDNN_DATA_DOUBLE : CUDNN_DATA_FLOAT; }

std::unique_ptr<ConvPlan> make_plan(const char* op, const Conv2dShape& s, DType dtype, bool tf32) {
  auto p = std::make_unique<ConvPlan>();
  p->float32 = dtype == DType::Float32;
  p->tf32 = tf32;
  const cudnnDataType_t t = cudnn_type(dtype);
  Descriptors& d = p->d;
  MSSAR_CUDNN_CHECK(op, cudnnCreateTensorDescriptor(&d.x));
  MSSAR_CUDNN_CHECK(op, cudnnCreateTensorDescriptor(&d.y));
  MSSAR_CUDNN_CHECK(op, cudnnCreateTensorDescriptor(&d.bias));
  MSSAR_CUDNN_CHECK(op, cudnnCreateFilterDescriptor(&d.w));
  MSSAR_CUDNN_CHECK(op, cudnnCreateConvolutionDescriptor(&d.conv));
  MSSAR_CUDNN_CHECK(op, cudnnSetTensor4dDescriptor(d.x, CUDNN_TENSOR_NCHW, t, int(s.N), int(s.C), int(s.H), int(s.W)));
  MSSAR_CUDNN_CHECK(op, cudnnSetTensor4dDescriptor(d.y, CUDNN_TENSOR_NCHW, t, int(s.N), int(s.O), int(s.Ho), int(s.Wo)));
  MSSAR_CUDNN_CHECK(op, cudnnSetTensor4dDescriptor(d.bias, CUDNN_TENSOR_NCHW, t, 1, int(s.O), 1, 1));
  MSSAR_CUDNN_CHECK(op, cudnnSetFilter4dDescriptor(d.w, t, CUDNN_TENSOR_NCHW, int(s.O), int(s.C / s.G), int(s.KH),
                                                   int(s.KW)));
  MSSAR_CUDNN_CHECK(op, cudnnSetConvolution2dDescriptor(d.conv, int(s.ph), int(s.pw), int(s.sh), int(s.sw), int(s.dh),
                                                        int(s.dw), CUDNN_CROSS_CORRELATION, t));
  MSSAR_CUDNN_CHECK(op, cudnnSetConvolutionGroupCount(d.conv, int(s.G)));
  MSSAR_CUDNN_CHECK(op, cudnnSetConvolutionMathType(d.conv, tf32 ? CUDNN_TENSOR_OP_MATH : CUDNN_FMA_MATH));
  int n = 0, c = 0, h = 0, w = 0;
  MSSAR_CUDNN_CHECK(op, cudnnGetConvolution2dForwardOutputDim(d.conv, d.x, d.w, &n, &c, &h, &w));
  MSSAR_CHECK(n == s.N && c == s.O && h == s.Ho && w == s.Wo, op, ": cuDNN computes the output as [", n, ",", c, ",",
              h, ",", w, "], expected [", s.N, ",", s.O, ",", s.Ho, ",", s.Wo, "]");
  return p;
}

ConvPlan& plan_for(const char* op, const Conv2dShape& s, DType dtype) {
  static std::mutex mu;
  static std::unordered_map<ConvKey, std::unique_ptr<ConvPlan>, ConvKeyHash> plans;
  // TF32 only ever applies to float32; float64 always runs on plain FMA math.
  const bool tf32 = dtype == DType::Float32 && tf32_enabled();
  const ConvKey key{s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.sh, s.sw, s.ph, s.pw, s.dh, s.dw, s.G, int64_t(dtype),
                    int64_t(tf32)};
  std::lock_guard<std::mutex> lock(mu);
  auto it = plans.find(key);
  if (it == plans.end()) it = plans.emplace(key, make_plan(op, s, dtype, tf32)).first;
  return *it->second;
}

// The math an algorithm runs with. float32 with TF32 off runs on plain FMA math (the default math
// would let Ampere and later use TF32) and skips tensor-op algorithms; otherwise the algorithm's own
// math (for float64, tensor ops are full precision). Never a down-conversion to half precision.
// Returns false for algorithms that must be skipped.
bool run_math(const ConvPlan& p, cudnnMathType_t reported, cudnnMathType_t* math) {
  if (reported == CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION) return false;
  if (p.float32 && !p.tf32) {
    if (reported == CUDNN_TENSOR_OP_MATH) return false;
    *math = CUDNN_FMA_MATH;
    return true;
  }
  *math = reported;
  return true;
}

template <class Perf, class Heuristics, class Workspace>
std::vector<Candidate> rank(const char* op, ConvPlan& p, int count, Heuristics heuristics, Workspace workspace) {
  std::vector<Perf> perf(static_cast<size_t>(count));
  int got = 0;
  MSSAR_CUDNN_CHECK(op, heuristics(count, &got, perf.data()));
  std::vector<Candidate> out;
  for (int i = 0; i < got; ++i) {
    const Perf& r = perf[size_t(i)];
    cudnnMathType_t math;
    if (r.status != CUDNN_STATUS_SUCCESS || !run_math(p, r.mathType, &math)) continue;
    bool seen = false;
    for (const Candidate& c : out) seen = seen || (c.algo == int(r.algo) && c.math == math);
    if (seen) continue;
    MSSAR_CUDNN_CHECK(op, cudnnSetConvolutionMathType(p.d.conv, math));
    size_t bytes = 0;
    if (workspace(r.algo, &bytes) != CUDNN_STATUS_SUCCESS) continue;
    out.push_back(Candidate{int(r.algo), math, bytes});
  }
  MSSAR_CHECK(!out.empty(), op, ": cuDNN offers no algorithm for this convolution");
  return out;
}

const std::vector<Candidate>& algorithms(const char* op, ConvPlan& p, Direction dir) {
  if (p.ranked[dir]) return p.algos[dir];
  cudnnHandle_t h = cudnn();
  const Descriptors& d = p.d;
  if (dir == kForward) {
    p.algos[dir] = rank<cudnnConvolutionFwdAlgoPerf_t>(
        op, p, CUDNN_CONVOLUTION_FWD_ALGO_COUNT,
        [&](int n, int* got, cudnnConvolutionFwdAlgoPerf_t* r) {
          return cudnnGetConvolutionForwardAlgorithm_v7(h, d.x, d.w, d.conv, d.y, n, got, r);
        },
        [&](cudnnConvolutionFwdAlgo_t a, size_t* bytes) {
          return cudnnGetConvolutionForwardWorkspaceSize(h, d.x, d.w, d.conv, d.y, a, bytes);
        });
  } else if (dir == kBackwardData) {
    p.algos[dir] = rank<cudnnConvolutionBwdDataAlgoPerf_t>(
        op, p, CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT,
        [&](int n, int* got, cudnnConvolutionBwdDataAlgoPerf_t* r) {
          return cudnnGetConvolutionBackwardDataAlgorithm_v7(h, d.w, d.y, d.conv, d.x, n, got, r);
        },
        [&](cudnnConvolutionBwdDataAlgo_t a, size_t* bytes) {
          return cudnnGetConvolutionBackwardDataWorkspaceSize(h, d.w, d.y, d.conv, d.x, a, bytes);
        });
  } else {
    p.algos[dir] = rank<cudnnConvolutionBwdFilterAlgoPerf_t>(
        op, p, CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT,
        [&](int n, int* got, cudnnConvolutionBwdFilterAlgoPerf_t* r) {
          return cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, d.x, d.y, d.conv, d.w, n, got, r);
        },
        [&](cudnnConvolutionBwdFilterAlgo_t a, size_t* bytes) {
          return cudnnGetConvolutionBackwardFilterWorkspaceSize(h, d.x, d.y, d.conv, d.w, a, bytes);
        });
  }
  p.ranked[dir] = true;
  return p.algos[dir];
}

bool out_of_memory(cudnnStatus_t s) {
  return s == CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED || s == CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED;
}

// Runs run(algo, workspace, bytes) -> cudnnStatus_t with the first ranked algorithm that works:
// one whose workspace cannot be allocated, or that cuDNN reports out of memory or unsupported when
// it runs, gives way to the next.
template <class Run>
void run_ranked(const char* op, ConvPlan& p, Direction dir, Run&& run) {
  const std::vector<Candidate>& list = algorithms(op, p, dir);
  cudnnStatus_t last = CUDNN_STATUS_SUCCESS;
  for (const Candidate& c : list) {
    Tensor ws;
    if (c.workspace > 0) {
      try {
        ws = Tensor::empty({int64_t((c.workspace + sizeof(float) - 1) / sizeof(float))}, DType::Float32, Device::CUDA);
      } catch (const OutOfMemory&) {
        last = CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED;
        continue;
      }
    }
    MSSAR_CUDNN_CHECK(op, cudnnSetConvolutionMathType(p.d.conv, c.math));
    // The workspace goes back to the cache on return; the one stream orders its reuse after this call.
    last = run(c.algo, ws.defined() ? ws.raw() : nullptr, c.workspace);
    if (last == CUDNN_STATUS_SUCCESS) return;
    if (!out_of_memory(last) && CUDNN_STATUS_CATEGORY(last) != CUDNN_STATUS_NOT_SUPPORTED) throw_cudnn(op, last);
  }
  if (out_of_memory(last))
    throw OutOfMemory(cat(op, ": cuda out of memory: none of the ", list.size(),
                          " ranked cuDNN algorithms could get its workspace"));
  throw_cudnn(op, last);
}

struct Scalars {
  float f1 = 1.f, f0 = 0.f;
  double d1 = 1.0, d0 = 0.0;
  bool dbl;
  explicit Scalars(DType t) : dbl(t == DType::Float64) {}
  const void* one() const { return dbl ? static_cast<const void*>(&d1) : &f1; }
  const void* zero() const { return dbl ? static_cast<const void*>(&d0) : &f0; }
};

}  // namespace

void conv2d_forward(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s) {
  const char* op = "conv2d";
  ConvPlan& p = plan_for(op, s, x.dtype());
  std::lock_guard<std::mutex> lock(p.mu);
  const Scalars k(x.dtype());
  cudnnHandle_t h = cudnn();
  run_ranked(op, p, kForward, [&](int algo, void* ws, size_t bytes) {
    return cudnnConvolutionForward(h, k.one(), p.d.x, x.raw(), p.d.w, w.raw(), p.d.conv,
                                   cudnnConvolutionFwdAlgo_t(algo), ws, bytes, k.zero(), p.d.y, y.raw());
  });
  if (b.defined()) MSSAR_CUDNN_CHECK(op, cudnnAddTensor(h, k.one(), p.d.bias, b.raw(), k.one(), p.d.y, y.raw()));
}

void conv2d_backward(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w,
                     const Conv2dShape& s) {
  const char* op = "conv2d backward";
  ConvPlan& p = plan_for(op, s, x.dtype());
  std::lock_guard<std::mutex> lock(p.mu);
  const Scalars k(x.dtype());
  cudnnHandle_t h = cudnn();
  if (dx.defined())
    run_ranked(op, p, kBackwardData, [&](int algo, void* ws, size_t bytes) {
      return cudnnConvolutionBackwardData(h, k.one(), p.d.w, w.raw(), p.d.y, dy.raw(), p.d.conv,
                                          cudnnConvolutionBwdDataAlgo_t(algo), ws, bytes, k.zero(), p.d.x, dx.raw());
    });
  if (dw.defined())
    run_ranked(op, p, kBackwardFilter, [&](int algo, void* ws, size_t bytes) {
      return cudnnConvolutionBackwardFilter(h, k.one(), p.d.x, x.raw(), p.d.y, dy.raw(), p.d.conv,
                                            cudnnConvolutionBwdFilterAlgo_t(algo), ws, bytes, k.zero(), p.d.w,
                                            dw.raw());
    });
  if (db.defined())
    MSSAR_CUDNN_CHECK(op, cudnnConvolutionBackwardBias(h, k.one(), p.d.y, dy.raw(), k.zero(), p.d.bias, db.raw()));
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(conv2d_forward, CUDA, cuda::conv2d_forward)
MSSAR_REGISTER_KERNEL(conv2d_backward, CUDA, cuda::conv2d_backward)
}  // namespace mssar
