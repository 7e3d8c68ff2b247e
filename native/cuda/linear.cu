// linear on CUDA: the products on cuBLAS (TF32 for float32 when the switch is on; float64 never),
// the bias add and the bias gradient (a column sum of dy) on our kernels.
//
// cuBLAS is column-major; a row-major [r, c] matrix is its column-major transpose [c, r]. So with
// x [N, in], w [out, in], dy [N, out] row-major:
//   y^T  [out, N] = w   * x^T      -> gemm(T, N, out, N, in;  w, x)
//   dx^T [in, N]  = w^T * dy^T     -> gemm(N, N, in, N, out;  w, dy)
//   dw^T [in, out] = x^T * dy      -> gemm(N, T, in, out, N;  x, dy)
#include "../core/dtype_dispatch.h"
#include "../ops/linear.h"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void add_bias_kernel(T* y, const T* b, long long rows, long long cols) {
  const long long n = rows * cols;
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    y[i] += b[i % cols];
}

// One block per 32 columns: 8 rows of threads sum strided rows (in double, as every reduction
// of the backend), then fold in shared memory.
template <class T>
__global__ void column_sum_kernel(T* out, const T* dy, long long rows, long long cols) {
  __shared__ double part[8][33];
  const long long col = blockIdx.x * 32LL + threadIdx.x;
  double acc = 0;
  if (col < cols)
    for (long long r = threadIdx.y; r < rows; r += 8) acc += double(dy[r * cols + col]);
  part[threadIdx.y][threadIdx.x] = acc;
  __syncthreads();
  if (threadIdx.y == 0 && col < cols) {
    double s = 0;
    for (int k = 0; k < 8; ++k) s += part[k][threadIdx.x];
    out[col] = T(s);
  }
}

cublasStatus_t gemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* A,
                    int lda, const float* B, int ldb, float* C, int ldc) {
  const float one = 1.f, zero = 0.f;
  return cublasSgemm(h, ta, tb, m, n, k, &one, A, lda, B, ldb, &zero, C, ldc);
}

cublasStatus_t gemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* A,
                    int lda, const double* B, int ldb, double* C, int ldc) {
  const double one = 1.0, zero = 0.0;
  return cublasDgemm(h, ta, tb, m, n, k, &one, A, lda, B, ldb, &zero, C, ldc);
}

}  // namespace

void linear_forward(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b) {
  const int N = int(x.size(0)), I = int(x.size(1)), O = int(w.size(0));
  dispatch_float(x.dtype(), "linear", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    MSSAR_CUBLAS_CHECK("linear", gemm(cublas(), CUBLAS_OP_T, CUBLAS_OP_N, O, N, I, w.data<scalar_t>(), I,
                                      x.data<scalar_t>(), I, y.data<scalar_t>(), O));
    if (b.defined()) {
      const long long n = (long long)N * O;
      add_bias_kernel<<<grid_for(n), 256, 0, stream()>>>(y.data<scalar_t>(), b.data<scalar_t>(), (long long)N,
                                                         (long long)O);
      MSSAR_CUDA_LAUNCHED("linear");
    }
  });
}

void linear_backward(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w) {
  const int N = int(x.size(0)), I = int(x.size(1)), O = int(w.size(0));
  dispatch_float(x.dtype(), "linear backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    if (dx.defined())
      MSSAR_CUBLAS_CHECK("linear backward", gemm(cublas(), CUBLAS_OP_N, CUBLAS_OP_N, I, N, O, w.data<scalar_t>(), I,
                                                 dy.data<scalar_t>(), O, dx.data<scalar_t>(), I));
    if (dw.defined())
      MSSAR_CUBLAS_CHECK("linear backward", gemm(cublas(), CUBLAS_OP_N, CUBLAS_OP_T, I, O, N, x.data<scalar_t>(), I,
                                                 dy.data<scalar_t>(), O, dw.data<scalar_t>(), I));
    if (db.defined()) {
      const unsigned blocks = unsigned((O + 31) / 32);
      column_sum_kernel<<<blocks, dim3(32, 8), 0, stream()>>>(db.data<scalar_t>(), dy.data<scalar_t>(),
                                                               (long long)N, (long long)O);
      MSSAR_CUDA_LAUNCHED("linear backward");
    }
  });
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(linear_forward, CUDA, cuda::linear_forward)
MSSAR_REGISTER_KERNEL(linear_backward, CUDA, cuda::linear_backward)
}  // namespace mssar
