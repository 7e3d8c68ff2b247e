// Rendering a crop/resize/flip of an 8-bit HWC image in one pass over the source.
//
// Along each axis, output pixel o samples the source at the continuous coordinate a + b * (o + 0.5)
// (pixel centres sit at k + 0.5). Crops shift a, resizes scale b, a horizontal flip negates b; any
// sequence of them composes into one such map per axis, so the pipeline never builds intermediate
// images. Where |b| = 1 and a is whole, rendering is a copy (mirrored when b = -1). Otherwise it is
// a separable triangle filter widened to |b| source pixels when shrinking: PIL's antialiased
// bilinear resize, which torchvision uses for images. Taps outside the source are dropped and the
// rest renormalized (edges clamp); an output pixel whose centre falls outside the source is 0, the
// zero padding of a padded crop.
#pragma once
#include <vector>

#include "image.h"

namespace mssar::data {

struct AxisMap {
  double a = 0.0, b = 1.0;
  double at(double o) const { return a + b * o; }
};

struct ResampleScratch {
  std::vector<int> x_start, x_count, y_start, y_count;
  std::vector<float> x_weights, y_weights;
  std::vector<float> rows, acc;
};

// out becomes oh x ow x src.c.
void render(const Image& src, const AxisMap& mx, const AxisMap& my, int oh, int ow, Image& out,
            ResampleScratch& scratch);

}  // namespace mssar::data
