#include "resample.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mssar::data {

namespace {

bool is_copy(const AxisMap& m) { return std::fabs(std::fabs(m.b) - 1.0) < 1e-12 && std::fabs(m.a - std::nearbyint(m.a)) < 1e-9; }

// Source index of output pixel o for a copy map, or -1 outside the source.
inline int copy_index(const AxisMap& m, int o, int n) {
  const long a = long(std::nearbyint(m.a));
  const long k = m.b > 0 ? a + o : a - o - 1;
  return (k >= 0 && k < n) ? int(k) : -1;
}

void copy_render(const Image& src, const AxisMap& mx, const AxisMap& my, int oh, int ow, Image& out) {
  const int c = src.c;
  std::vector<int> xs(size_t(ow) + 0);
  for (int x = 0; x < ow; ++x) xs[size_t(x)] = copy_index(mx, x, src.w);
  const bool forward_run = mx.b > 0;
  for (int y = 0; y < oh; ++y) {
    uint8_t* dst = out.pixels.data() + size_t(y) * size_t(ow) * size_t(c);
    const int sy = copy_index(my, y, src.h);
    if (sy < 0) {
      std::memset(dst, 0, size_t(ow) * size_t(c));
      continue;
    }
    const uint8_t* row = src.pixels.data() + size_t(sy) * size_t(src.w) * size_t(c);
    if (forward_run) {
      // Zeros, one contiguous run of source pixels, zeros.
      int x = 0;
      for (; x < ow && xs[size_t(x)] < 0; ++x) std::memset(dst + size_t(x) * size_t(c), 0, size_t(c));
      int run = 0;
      while (x + run < ow && xs[size_t(x + run)] >= 0) ++run;
      if (run > 0) std::memcpy(dst + size_t(x) * size_t(c), row + size_t(xs[size_t(x)]) * size_t(c), size_t(run) * size_t(c));
      x += run;
      for (; x < ow; ++x) std::memset(dst + size_t(x) * size_t(c), 0, size_t(c));
    } else {
      for (int x = 0; x < ow; ++x) {
        const int sx = xs[size_t(x)];
        if (sx < 0) std::memset(dst + size_t(x) * size_t(c), 0, size_t(c));
        else std::memcpy(dst + size_t(x) * size_t(c), row + size_t(sx) * size_t(c), size_t(c));
      }
    }
  }
}

// Filter taps of every output pixel along one axis: start, count and `stride` weights each.
int compute_taps(const AxisMap& m, int n_out, int n_src, std::vector<int>& start, std::vector<int>& count,
                 std::vector<float>& weights) {
  const double scale = std::max(1.0, std::fabs(m.b));
  const double support = scale;  // the triangle's radius, in source pixels
  const int stride = int(std::ceil(support)) * 2 + 2;
  start.assign(size_t(n_out), 0);
  count.assign(size_t(n_out), 0);
  weights.assign(size_t(n_out) * size_t(stride), 0.0f);
  std::vector<double> w(size_t(stride) + 4);
  for (int o = 0; o < n_out; ++o) {
    const double centre = m.at(o + 0.5);
    if (centre < 0.0 || centre > double(n_src)) continue;  // padding
    const int lo = std::max(0, int(std::floor(centre - support)));
    const int hi = std::min(n_src, int(std::ceil(centre + support)) + 1);
    double sum = 0.0;
    int first = -1, last = -1;
    for (int j = lo; j < hi && size_t(j - lo) < w.size(); ++j) {
      const double t = std::fabs((j + 0.5 - centre) / scale);
      const double v = t < 1.0 ? 1.0 - t : 0.0;
      w[size_t(j - lo)] = v;
      if (v > 0.0) {
        if (first < 0) first = j;
        last = j;
        sum += v;
      }
    }
    if (first < 0 || sum <= 0.0) continue;
    const int n = std::min(last - first + 1, stride);
    start[size_t(o)] = first;
    count[size_t(o)] = n;
    float* dst = weights.data() + size_t(o) * size_t(stride);
    for (int k = 0; k < n; ++k) dst[k] = float(w[size_t(first - lo + k)] / sum);
  }
  return stride;
}

template <int C>
void resample_render(const Image& src, const AxisMap& mx, const AxisMap& my, int oh, int ow, Image& out,
                     ResampleScratch& s) {
  const int c = C > 0 ? C : src.c;
  const int xs = compute_taps(mx, ow, src.w, s.x_start, s.x_count, s.x_weights);
  const int ys = compute_taps(my, oh, src.h, s.y_start, s.y_count, s.y_weights);
  int y0 = src.h, y1 = 0;
  for (int y = 0; y < oh; ++y) {
    if (s.y_count[size_t(y)] == 0) continue;
    y0 = std::min(y0, s.y_start[size_t(y)]);
    y1 = std::max(y1, s.y_start[size_t(y)] + s.y_count[size_t(y)]);
  }
  if (y1 <= y0) {
    std::fill(out.pixels.begin(), out.pixels.end(), uint8_t(0));
    return;
  }
  // Horizontal pass over the source rows the vertical taps touch.
  const size_t row_len = size_t(ow) * size_t(c);
  s.rows.resize(size_t(y1 - y0) * row_len);
  for (int y = y0; y < y1; ++y) {
    const uint8_t* in = src.pixels.data() + size_t(y) * size_t(src.w) * size_t(c);
    float* dst = s.rows.data() + size_t(y - y0) * row_len;
    for (int x = 0; x < ow; ++x) {
      const int n = s.x_count[size_t(x)];
      const uint8_t* p = in + size_t(s.x_start[size_t(x)]) * size_t(c);
      const float* w = s.x_weights.data() + size_t(x) * size_t(xs);
      float acc[C > 0 ? C : 4] = {};
      if (C > 0) {
        for (int k = 0; k < n; ++k)
          for (int ch = 0; ch < C; ++ch) acc[ch] += w[k] * float(p[k * C + ch]);
        for (int ch = 0; ch < C; ++ch) dst[size_t(x) * C + size_t(ch)] = acc[ch];
      } else {
        for (int ch = 0; ch < c; ++ch) {
          float a = 0.0f;
          for (int k = 0; k < n; ++k) a += w[k] * float(p[k * c + ch]);
          dst[size_t(x) * size_t(c) + size_t(ch)] = a;
        }
      }
    }
  }
  // Vertical pass into the output, rounded to 8 bits: whole rows at a time, so the inner loop runs
  // over contiguous floats and vectorizes.
  s.acc.resize(row_len);
  float* acc = s.acc.data();
  for (int y = 0; y < oh; ++y) {
    uint8_t* dst = out.pixels.data() + size_t(y) * row_len;
    const int n = s.y_count[size_t(y)];
    if (n == 0) {
      std::memset(dst, 0, row_len);
      continue;
    }
    const float* w = s.y_weights.data() + size_t(y) * size_t(ys);
    const float* base = s.rows.data() + size_t(s.y_start[size_t(y)] - y0) * row_len;
    {
      const float w0 = w[0];
      for (size_t i = 0; i < row_len; ++i) acc[i] = w0 * base[i];
    }
    for (int k = 1; k < n; ++k) {
      const float wk = w[k];
      const float* r = base + size_t(k) * row_len;
      for (size_t i = 0; i < row_len; ++i) acc[i] += wk * r[i];
    }
    for (size_t i = 0; i < row_len; ++i) {
      const float a = std::min(255.0f, std::max(0.0f, acc[i]));
      dst[i] = uint8_t(int(a + 0.5f));
    }
    // Columns whose centre is outside the source are padding.
    for (int x = 0; x < ow; ++x)
      if (s.x_count[size_t(x)] == 0) std::memset(dst + size_t(x) * size_t(c), 0, size_t(c));
  }
}

}  // namespace

void render(const Image& src, const AxisMap& mx, const AxisMap& my, int oh, int ow, Image& out,
            ResampleScratch& scratch) {
  out.resize(oh, ow, src.c);
  if (oh == 0 || ow == 0) return;
  if (is_copy(mx) && is_copy(my)) {
    copy_render(src, mx, my, oh, ow, out);
    return;
  }
  switch (src.c) {
    case 1: resample_render<1>(src, mx, my, oh, ow, out, scratch); break;
    case 3: resample_render<3>(src, mx, my, oh, ow, out, scratch); break;
    default: resample_render<0>(src, mx, my, oh, ow, out, scratch); break;
  }
}

}  // namespace mssar::data
