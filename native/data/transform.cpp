#include "transform.h"

#include <algorithm>
#include <cmath>

#include "../core/error.h"

namespace mssar::data {

namespace {

const char* step_name(StepKind k) {
  switch (k) {
    case StepKind::RandomCrop: return "randomCrop";
    case StepKind::CenterCrop: return "centerCrop";
    case StepKind::Resize: return "resize";
    case StepKind::RandomResizedCrop: return "randomResizedCrop";
    case StepKind::HorizontalFlip: return "horizontalFlip";
    case StepKind::ToFloat: return "toFloat";
    case StepKind::Normalize: return "normalize";
  }
  return "?";
}

// torchvision's Resize with one size: the shorter side becomes `size`, the longer one keeps the
// aspect ratio, truncated.
void resized(int h, int w, const TransformStep& s, int* nh, int* nw) {
  if (s.width > 0) {
    *nh = s.height;
    *nw = s.width;
    return;
  }
  const int short_side = std::min(h, w), long_side = std::max(h, w);
  const int new_long = int(double(int64_t(s.height) * long_side) / double(short_side));
  if (w <= h) {
    *nw = s.height;
    *nh = new_long;
  } else {
    *nh = s.height;
    *nw = new_long;
  }
}

// torchvision's center_crop offset: round half to even, or half the padding when the crop is larger.
int centre_offset(int size, int crop) {
  if (crop > size) return -((crop - size) / 2);
  return int(std::nearbyint(double(size - crop) / 2.0));
}

}  // namespace

std::array<double, 4> Geometry::rect() const {
  const double xa = mx.at(0), xb = mx.at(ow), ya = my.at(0), yb = my.at(oh);
  return {std::min(xa, xb), std::min(ya, yb), std::max(xa, xb), std::max(ya, yb)};
}

Transform::Transform(std::vector<TransformStep> steps) : steps_(std::move(steps)) {
  std::vector<double> mean = {0.0}, std = {1.0};
  for (size_t i = 0; i < steps_.size(); ++i) {
    const TransformStep& s = steps_[i];
    const std::string where = cat("transform: step ", i, " (", step_name(s.kind), ")");
    switch (s.kind) {
      case StepKind::RandomCrop:
      case StepKind::CenterCrop:
      case StepKind::RandomResizedCrop:
        MSSAR_CHECK(s.height > 0 && s.width > 0, where, ": size must be positive, got ", s.height, "x", s.width);
        MSSAR_CHECK(s.padding >= 0, where, ": padding must be >= 0, got ", s.padding);
        break;
      case StepKind::Resize:
        MSSAR_CHECK(s.height > 0 && s.width >= 0, where, ": size must be positive, got ", s.height,
                    s.width > 0 ? cat("x", s.width) : std::string());
        break;
      case StepKind::HorizontalFlip:
        MSSAR_CHECK(s.p >= 0.0 && s.p <= 1.0, where, ": p must be in [0, 1], got ", s.p);
        break;
      case StepKind::ToFloat:
      case StepKind::Normalize:
        MSSAR_CHECK(i + 1 == steps_.size(), where, ": must be the last step");
        break;
    }
    if (s.kind == StepKind::RandomResizedCrop) {
      MSSAR_CHECK(s.scale_lo > 0.0 && s.scale_lo <= s.scale_hi, where, ": scale must satisfy 0 < min <= max, got [",
                  s.scale_lo, ", ", s.scale_hi, "]");
      MSSAR_CHECK(s.ratio_lo > 0.0 && s.ratio_lo <= s.ratio_hi, where, ": ratio must satisfy 0 < min <= max, got [",
                  s.ratio_lo, ", ", s.ratio_hi, "]");
    }
    if (s.kind == StepKind::Normalize) {
      MSSAR_CHECK(!s.mean.empty() && s.mean.size() == s.std.size(), where,
                  ": mean and std must have the same non-zero length, got ", s.mean.size(), " and ", s.std.size());
      for (size_t c = 0; c < s.mean.size(); ++c)
        MSSAR_CHECK(s.std[c] > 0.0 && std::isfinite(s.std[c]) && std::isfinite(s.mean[c]), where,
                    ": std must be positive and mean finite, got mean ", s.mean[c], " std ", s.std[c]);
      mean = s.mean;
      std = s.std;
    }
  }
  table_.resize(mean.size());
  for (size_t c = 0; c < mean.size(); ++c)
    for (int v = 0; v < 256; ++v) table_[c][size_t(v)] = float((double(v) / 255.0 - mean[c]) / std[c]);
}

std::array<int64_t, 3> Transform::output_shape(const std::array<int64_t, 3>& in) const {
  int64_t c = in[0], h = in[1], w = in[2];
  MSSAR_CHECK(table_.size() == 1 || int64_t(table_.size()) == c, "transform: normalize has ", table_.size(),
              " mean/std values but the images have ", c, " channel(s)");
  for (size_t i = 0; i < steps_.size(); ++i) {
    const TransformStep& s = steps_[i];
    switch (s.kind) {
      case StepKind::RandomCrop:
        if (h >= 0 && (s.height > h + 2 * s.padding || s.width > w + 2 * s.padding))
          fail("transform: step ", i, " (randomCrop): crop ", s.height, "x", s.width, " is larger than the ", h, "x",
               w, " input padded by ", s.padding);
        h = s.height;
        w = s.width;
        break;
      case StepKind::CenterCrop:
      case StepKind::RandomResizedCrop:
        h = s.height;
        w = s.width;
        break;
      case StepKind::Resize:
        if (s.width > 0) {
          h = s.height;
          w = s.width;
        } else if (h >= 0) {
          int nh, nw;
          resized(int(h), int(w), s, &nh, &nw);
          h = nh;
          w = nw;
        }
        break;
      default: break;
    }
  }
  return {c, h, w};
}

Geometry Transform::plan(int h, int w, SampleRng& rng) const {
  Geometry g;
  g.oh = h;
  g.ow = w;
  // Crop the current view at (top, left) to ch x cw.
  auto crop = [&g](int top, int left, int ch, int cw) {
    g.mx.a += g.mx.b * left;
    g.my.a += g.my.b * top;
    g.oh = ch;
    g.ow = cw;
  };
  for (size_t i = 0; i < steps_.size(); ++i) {
    const TransformStep& s = steps_[i];
    switch (s.kind) {
      case StepKind::RandomCrop: {
        const int ph = g.oh + 2 * s.padding, pw = g.ow + 2 * s.padding;
        if (s.height > ph || s.width > pw)
          fail("transform: step ", i, " (randomCrop): crop ", s.height, "x", s.width, " is larger than the ", g.oh,
               "x", g.ow, " input padded by ", s.padding);
        const int top = int(rng.below(ph - s.height + 1)) - s.padding;
        const int left = int(rng.below(pw - s.width + 1)) - s.padding;
        crop(top, left, s.height, s.width);
        break;
      }
      case StepKind::CenterCrop:
        crop(centre_offset(g.oh, s.height), centre_offset(g.ow, s.width), s.height, s.width);
        break;
      case StepKind::Resize: {
        int nh, nw;
        resized(g.oh, g.ow, s, &nh, &nw);
        MSSAR_CHECK(nh > 0 && nw > 0, "transform: step ", i, " (resize): a ", g.oh, "x", g.ow, " image would become ",
                    nh, "x", nw);
        g.mx.b *= double(g.ow) / double(nw);
        g.my.b *= double(g.oh) / double(nh);
        g.oh = nh;
        g.ow = nw;
        break;
      }
      case StepKind::RandomResizedCrop: {
        // torchvision's RandomResizedCrop.get_params: 10 attempts, then a centre crop fallback.
        const int H = g.oh, W = g.ow;
        const double area = double(H) * double(W);
        const double log_lo = std::log(s.ratio_lo), log_hi = std::log(s.ratio_hi);
        int top = -1, left = 0, ch = 0, cw = 0;
        for (int attempt = 0; attempt < 10; ++attempt) {
          const double target = area * rng.uniform(s.scale_lo, s.scale_hi);
          const double ratio = std::exp(rng.uniform(log_lo, log_hi));
          const int tw = int(std::nearbyint(std::sqrt(target * ratio)));
          const int th = int(std::nearbyint(std::sqrt(target / ratio)));
          if (tw > 0 && tw <= W && th > 0 && th <= H) {
            top = int(rng.below(H - th + 1));
            left = int(rng.below(W - tw + 1));
            ch = th;
            cw = tw;
            break;
          }
        }
        if (top < 0) {
          const double in_ratio = double(W) / double(H);
          if (in_ratio < s.ratio_lo) {
            cw = W;
            ch = int(std::nearbyint(cw / s.ratio_lo));
          } else if (in_ratio > s.ratio_hi) {
            ch = H;
            cw = int(std::nearbyint(ch * s.ratio_hi));
          } else {
            cw = W;
            ch = H;
          }
          top = (H - ch) / 2;
          left = (W - cw) / 2;
        }
        crop(top, left, ch, cw);
        g.mx.b *= double(cw) / double(s.width);
        g.my.b *= double(ch) / double(s.height);
        g.oh = s.height;
        g.ow = s.width;
        break;
      }
      case StepKind::HorizontalFlip:
        if (rng.uniform() < s.p) {
          g.mx.a += g.mx.b * g.ow;
          g.mx.b = -g.mx.b;
          g.flipped = !g.flipped;
        }
        break;
      case StepKind::ToFloat:
      case StepKind::Normalize: break;
    }
  }
  return g;
}

void Transform::finish(const Image& img, float* out) const {
  const size_t plane = size_t(img.h) * size_t(img.w);
  const int c = img.c;
  const uint8_t* px = img.pixels.data();
  for (int ch = 0; ch < c; ++ch) {
    const float* t = table_[table_.size() == 1 ? 0 : size_t(ch)].data();
    float* dst = out + size_t(ch) * plane;
    if (c == 1) {
      for (size_t p = 0; p < plane; ++p) dst[p] = t[px[p]];
    } else {
      for (size_t p = 0; p < plane; ++p) dst[p] = t[px[p * size_t(c) + size_t(ch)]];
    }
  }
}

}  // namespace mssar::data
