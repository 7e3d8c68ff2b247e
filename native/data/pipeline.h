// One sample through the pipeline: fetch, plan the transform's geometry, decode (JPEGs, shrunk in
// the DCT domain when the output is much smaller), render. What the loader's workers run.
#pragma once
#include <cstdint>

#include "dataset.h"
#include "jpeg.h"
#include "resample.h"
#include "transform.h"

namespace mssar::data {

struct PipelineScratch {
  RawSample raw;
  Image decoded;
  Image rendered;  // the 8-bit result, HWC
  ResampleScratch resample;
};

struct SampleInfo {
  int label = -1;
  int source_h = 0, source_w = 0;  // full size of the source image
  JpegScale decode_scale;          // for JPEGs: the DCT scale the decoder used
  Geometry geometry;               // in full-size source coordinates
};

// Renders sample `index` of `ds` through `tf` into s.rendered (8-bit HWC). The randomness comes
// from (seed, epoch, index) alone. fast_decode lets JPEGs decode at a reduced DCT scale when the
// output needs no more pixels than that. Throws DataError for a bad sample.
SampleInfo render_sample(const Dataset& ds, const Transform& tf, int64_t index, uint64_t seed, uint64_t epoch,
                         bool fast_decode, PipelineScratch& s);

}  // namespace mssar::data
