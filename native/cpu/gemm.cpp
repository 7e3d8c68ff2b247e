#include "gemm.h"

#include <omp.h>

#include <algorithm>
#include <vector>

#include "../core/parallel.h"

namespace mssar::cpu {

namespace {

// Register tile: MR rows by NR columns of C in accumulators (AVX2: 4 x 2 vectors of doubles).
template <class T>
struct Tile;
template <>
struct Tile<double> {
  static constexpr int MR = 4, NR = 8;
};
template <>
struct Tile<float> {
  static constexpr int MR = 4, NR = 16;
};

// Cache blocks: a KC x NR panel of B stays in L1, an MC x KC block of A in L2.
constexpr int64_t KC = 256, MC = 96, NC = 3072;

// Packs rows [i0, i0 + mc) x columns [k0, k0 + kc) of op(A) into MR-row panels: panel p holds
// element (p * MR + r, k) at [p][k][r]; rows past the end are zero.
template <class T>
void pack_a(const T* A, int64_t lda, bool trans, int64_t i0, int64_t mc, int64_t k0, int64_t kc, T* out) {
  constexpr int MR = Tile<T>::MR;
  for (int64_t p = 0; p * MR < mc; ++p) {
    T* dst = out + p * kc * MR;
    const int64_t rows = std::min<int64_t>(MR, mc - p * MR);
    if (!trans) {
      for (int r = 0; r < MR; ++r) {
        if (r < rows) {
          const T* src = A + (i0 + p * MR + r) * lda + k0;
          for (int64_t k = 0; k < kc; ++k) dst[k * MR + r] = src[k];
        } else {
          for (int64_t k = 0; k < kc; ++k) dst[k * MR + r] = T(0);
        }
      }
    } else {
      for (int64_t k = 0; k < kc; ++k) {
        const T* src = A + (k0 + k) * lda + i0 + p * MR;
        for (int r = 0; r < MR; ++r) dst[k * MR + r] = r < rows ? src[r] : T(0);
      }
    }
  }
}

// Packs rows [k0, k0 + kc) x columns [j0, j0 + nc) of op(B) into NR-column panels ([p][k][c]).
template <class T>
void pack_b(const T* B, int64_t ldb, bool trans, int64_t k0, int64_t kc, int64_t j0, int64_t nc, T* out) {
  constexpr int NR = Tile<T>::NR;
  for (int64_t p = 0; p * NR < nc; ++p) {
    T* dst = out + p * kc * NR;
    const int64_t cols = std::min<int64_t>(NR, nc - p * NR);
    if (!trans) {
      for (int64_t k = 0; k < kc; ++k) {
        const T* src = B + (k0 + k) * ldb + j0 + p * NR;
        if (cols == NR) {
#pragma omp simd
          for (int c = 0; c < NR; ++c) dst[k * NR + c] = src[c];
        } else {
          for (int c = 0; c < NR; ++c) dst[k * NR + c] = c < cols ? src[c] : T(0);
        }
      }
    } else {
      for (int c = 0; c < NR; ++c) {
        if (c < cols) {
          const T* src = B + (j0 + p * NR + c) * ldb + k0;
          for (int64_t k = 0; k < kc; ++k) dst[k * NR + c] = src[k];
        } else {
          for (int64_t k = 0; k < kc; ++k) dst[k * NR + c] = T(0);
        }
      }
    }
  }
}

// acc = a_panel * b_panel over kc, then C(rows x cols) = alpha * acc + beta * C.
template <class T>
void micro_kernel(int64_t kc, const T* __restrict a, const T* __restrict b, T alpha, T beta, T* C, int64_t ldc,
                  int64_t rows, int64_t cols) {
  constexpr int MR = Tile<T>::MR, NR = Tile<T>::NR;
  T acc[MR][NR] = {};
  for (int64_t k = 0; k < kc; ++k) {
    const T* bk = b + k * NR;
    const T* ak = a + k * MR;
    for (int r = 0; r < MR; ++r) {
      const T av = ak[r];
#pragma omp simd
      for (int c = 0; c < NR; ++c) acc[r][c] += av * bk[c];
    }
  }
  for (int64_t r = 0; r < rows; ++r) {
    T* crow = C + r * ldc;
    if (beta == T(0)) {
      for (int64_t c = 0; c < cols; ++c) crow[c] = alpha * acc[r][c];
    } else {
      for (int64_t c = 0; c < cols; ++c) crow[c] = alpha * acc[r][c] + beta * crow[c];
    }
  }
}

template <class T>
void gemm_serial(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
                 int64_t ldb, T beta, T* C, int64_t ldc) {
  constexpr int MR = Tile<T>::MR, NR = Tile<T>::NR;
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == T(0)) {
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) C[i * ldc + j] = beta == T(0) ? T(0) : beta * C[i * ldc + j];
    return;
  }
  thread_local std::vector<T> apack, bpack;
  apack.resize(size_t(MC * KC));
  bpack.resize(size_t(KC * ((NC + NR - 1) / NR * NR)));
  for (int64_t j0 = 0; j0 < N; j0 += NC) {
    const int64_t nc = std::min(NC, N - j0);
    for (int64_t k0 = 0; k0 < K; k0 += KC) {
      const int64_t kc = std::min(KC, K - k0);
      const T b_eff = k0 == 0 ? beta : T(1);
      pack_b(B, ldb, tb, k0, kc, j0, nc, bpack.data());
      for (int64_t i0 = 0; i0 < M; i0 += MC) {
        const int64_t mc = std::min(MC, M - i0);
        pack_a(A, lda, ta, i0, mc, k0, kc, apack.data());
        for (int64_t jr = 0; jr < nc; jr += NR)
          for (int64_t ir = 0; ir < mc; ir += MR)
            micro_kernel<T>(kc, apack.data() + (ir / MR) * kc * MR, bpack.data() + (jr / NR) * kc * NR, alpha, b_eff,
                            C + (i0 + ir) * ldc + j0 + jr, ldc, std::min<int64_t>(MR, mc - ir),
                            std::min<int64_t>(NR, nc - jr));
      }
    }
  }
}

}  // namespace

template <class T>
void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
          int64_t ldb, T beta, T* C, int64_t ldc) {
  constexpr int MR = Tile<T>::MR, NR = Tile<T>::NR;
  const int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  // Below ~64^3 multiply-adds a second thread costs more than it saves.
  if (threads == 1 || double(M) * double(N) * double(K) < 262144.0) {
    gemm_serial(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  // Split C into one slab per thread along the dimension with more register tiles.
  const bool by_rows = (M + MR - 1) / MR >= (N + NR - 1) / NR;
#pragma omp parallel
  {
    const int64_t nt = omp_get_num_threads(), t = omp_get_thread_num();
    const int64_t len = by_rows ? M : N, step = by_rows ? MR : NR;
    const int64_t chunk = ((len + nt - 1) / nt + step - 1) / step * step;
    const int64_t b = std::min(len, t * chunk), e = std::min(len, b + chunk);
    if (b < e) {
      if (by_rows) {
        gemm_serial(ta, tb, e - b, N, K, alpha, ta ? A + b : A + b * lda, lda, B, ldb, beta, C + b * ldc, ldc);
      } else {
        gemm_serial(ta, tb, M, e - b, K, alpha, A, lda, tb ? B + b * ldb : B + b, ldb, beta, C + b, ldc);
      }
    }
  }
}

template void gemm<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t, const float*, int64_t,
                          float, float*, int64_t);
template void gemm<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t, const double*,
                           int64_t, double, double*, int64_t);

}  // namespace mssar::cpu
