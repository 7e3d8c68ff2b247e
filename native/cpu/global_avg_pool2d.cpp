// global_avg_pool2d on the CPU, summed in double: one plane per iteration when plain, one chunk of
// B channel lanes (a SIMD vector per pixel) when blocked or channels-last.
#include "../ops/global_avg_pool2d.h"

#include <algorithm>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/lane_view.h"
#include "../core/parallel.h"
#include "lane_count.h"

namespace mssar::cpu {

void global_avg_pool2d_forward(Tensor& y, const Tensor& x) {
  const LaneView v = lane_view(x);
  const int64_t HW = v.HW, B = v.B;
  dispatch_float(x.dtype(), "globalAvgPool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    const int64_t grain = std::max<int64_t>(1, (int64_t(1) << 15) / (HW * B));
    if (B == 1) {
      parallel_for(v.N * v.C, grain, [&](int64_t b, int64_t e) {
        for (int64_t q = b; q < e; ++q) {
          const scalar_t* xp = in + q * HW;
          double s = 0;
#pragma omp simd reduction(+ : s)
          for (int64_t i = 0; i < HW; ++i) s += double(xp[i]);
          out[q] = scalar_t(s / double(HW));
        }
      });
      return;
    }
    parallel_for(v.N * v.CB, grain, [&](int64_t b, int64_t e) {
      with_lane_count(B, [&](auto lb) {
        constexpr int LB = decltype(lb)::value;
        std::vector<double> dynamic_acc(LB > 0 ? 0 : static_cast<size_t>(B));
        for (int64_t q = b; q < e; ++q) {
          const int64_t n = q / v.CB, cb = q % v.CB;
          // Per-lane sums in a local array of the compile-time width (kept in registers).
          double fixed_acc[LB > 0 ? LB : 1] = {};
          double* s = LB > 0 ? fixed_acc : dynamic_acc.data();
          if (LB == 0) std::fill(dynamic_acc.begin(), dynamic_acc.end(), 0.0);
          for (int64_t i = 0; i < HW; ++i) {
            const scalar_t* xp = in + (q * HW + i) * B;
            if constexpr (LB > 0) {
#pragma omp simd
              for (int l = 0; l < LB; ++l) fixed_acc[l] += double(xp[l]);
            } else {
#pragma omp simd
              for (int64_t l = 0; l < B; ++l) s[l] += double(xp[l]);
            }
          }
          for (int64_t l = 0; l < v.lanes(cb); ++l) out[n * v.C + cb * B + l] = scalar_t(s[l] / double(HW));
        }
      });
    });
  });
}

void global_avg_pool2d_backward(Tensor& dx, const Tensor& dy) {
  const LaneView v = lane_view(dx);
  const int64_t HW = v.HW, B = v.B;
  dispatch_float(dy.dtype(), "globalAvgPool2d backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    const int64_t grain = std::max<int64_t>(1, (int64_t(1) << 15) / (HW * B));
    if (B == 1) {
      parallel_for(v.N * v.C, grain, [&](int64_t b, int64_t e) {
        for (int64_t q = b; q < e; ++q) {
          const scalar_t val = scalar_t(double(g[q]) / double(HW));
          scalar_t* dp = d + q * HW;
#pragma omp simd
          for (int64_t i = 0; i < HW; ++i) dp[i] = val;
        }
      });
      return;
    }
    parallel_for(v.N * v.CB, grain, [&](int64_t b, int64_t e) {
      std::vector<scalar_t> vals(static_cast<size_t>(B));
      scalar_t* val = vals.data();
      for (int64_t q = b; q < e; ++q) {
        const int64_t n = q / v.CB, cb = q % v.CB;
        for (int64_t l = 0; l < B; ++l)
          val[l] = l < v.lanes(cb) ? scalar_t(double(g[n * v.C + cb * B + l]) / double(HW)) : scalar_t(0);
        for (int64_t i = 0; i < HW; ++i) {
          scalar_t* dp = d + (q * HW + i) * B;
#pragma omp simd
          for (int64_t l = 0; l < B; ++l) dp[l] = val[l];
        }
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(global_avg_pool2d_forward, CPU, cpu::global_avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(global_avg_pool2d_backward, CPU, cpu::global_avg_pool2d_backward)
}  // namespace mssar
