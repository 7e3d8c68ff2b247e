// Declarative image transforms, run by the loader's workers. A transform is a list of steps applied
// in order to a sample of [C, H, W]; the geometric steps (crops, resizes, flips) only compose the
// maps of resample.h, drawing their randomness from the sample's own stream, and one render then
// produces the result. The last step may turn the 8-bit pixels into floats: `normalize`
// ((x / 255 - mean) / std per channel) or `toFloat` (x / 255, also what happens without either).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "resample.h"
#include "sample_rng.h"

namespace mssar::data {

enum class StepKind { RandomCrop, CenterCrop, Resize, RandomResizedCrop, HorizontalFlip, ToFloat, Normalize };

struct TransformStep {
  StepKind kind = StepKind::ToFloat;
  // Output height and width of crops; for Resize, width 0 means "shorter side = height".
  int height = 0, width = 0;
  int padding = 0;  // RandomCrop: zeros added on every side before cropping (torchvision's padding=)
  double scale_lo = 0.08, scale_hi = 1.0;        // RandomResizedCrop: area fraction range
  double ratio_lo = 3.0 / 4.0, ratio_hi = 4.0 / 3.0;  // RandomResizedCrop: aspect ratio (w / h) range
  double p = 0.5;                                // HorizontalFlip: probability
  std::vector<double> mean, std;                 // Normalize: one value, or one per channel
};

// Where a sample's pixels come from in its source image, after planning.
struct Geometry {
  int oh = 0, ow = 0;
  AxisMap mx, my;
  bool flipped = false;
  // The source rectangle the output covers, in source pixels: x0, y0, x1, y1 (x0 < x1).
  std::array<double, 4> rect() const;
};

class Transform {
 public:
  // Throws Error("transform: ...") for a step with bad sizes or options, or misplaced float steps.
  explicit Transform(std::vector<TransformStep> steps);

  // [C, H, W] of the output for an input of `in` (H, W = -1: varies); H, W = -1 when the output size
  // depends on each image. Throws Error when the steps cannot apply (a crop larger than its input,
  // normalization constants for another number of channels).
  std::array<int64_t, 3> output_shape(const std::array<int64_t, 3>& in) const;

  // Draws the random steps for an h x w image and composes the maps. Throws Error (not DataError)
  // when a step cannot apply to this size.
  Geometry plan(int h, int w, SampleRng& rng) const;

  // CHW floats of an HWC image: (px / 255 - mean[c]) / std[c], from a table computed in double and
  // rounded once (so toFloat gives exactly float(px / 255)).
  void finish(const Image& img, float* out) const;

  const std::vector<TransformStep>& steps() const { return steps_; }

 private:
  std::vector<TransformStep> steps_;
  std::vector<std::array<float, 256>> table_;  // one table, or one per channel
};

}  // namespace mssar::data
