#include "pipeline.h"

#include <cmath>

namespace mssar::data {

void load_decoded(const Dataset& ds, int64_t i, RawSample& scratch, Image& out) {
  ds.fetch(i, scratch);
  if (!scratch.encoded) {
    out = scratch.pixels;
    return;
  }
  const JpegHeader h = jpeg_header(scratch.bytes.data(), scratch.bytes.size(), scratch.path);
  jpeg_decode(scratch.bytes.data(), scratch.bytes.size(), h, JpegScale{}, out, scratch.path);
}

SampleInfo render_sample(const Dataset& ds, const Transform& tf, int64_t index, uint64_t seed, uint64_t epoch,
                         bool fast_decode, PipelineScratch& s) {
  SampleInfo info;
  ds.fetch(index, s.raw);
  info.label = s.raw.label;
  SampleRng rng(seed, epoch, uint64_t(index), RngPurpose::Augment);
  if (!s.raw.encoded) {
    info.source_h = s.raw.pixels.h;
    info.source_w = s.raw.pixels.w;
    info.geometry = tf.plan(info.source_h, info.source_w, rng);
    const Geometry& g = info.geometry;
    render(s.raw.pixels, g.mx, g.my, g.oh, g.ow, s.rendered, s.resample);
    return info;
  }
  const JpegHeader header = jpeg_header(s.raw.bytes.data(), s.raw.bytes.size(), s.raw.path);
  info.source_h = header.height;
  info.source_w = header.width;
  info.geometry = tf.plan(header.height, header.width, rng);
  Geometry g = info.geometry;
  if (fast_decode) {
    // Output pixel spacing in source pixels: |b|. Decoding at scale f keeps f * |b| >= 1, so the
    // decoded image still has at least one pixel per output pixel and the filter does the rest.
    info.decode_scale = jpeg_pick_scale(1.0 / std::fabs(g.mx.b), 1.0 / std::fabs(g.my.b));
  }
  jpeg_decode(s.raw.bytes.data(), s.raw.bytes.size(), header, info.decode_scale, s.decoded, s.raw.path);
  if (info.decode_scale.num != info.decode_scale.denom) {
    const double rx = double(s.decoded.w) / double(header.width), ry = double(s.decoded.h) / double(header.height);
    g.mx.a *= rx;
    g.mx.b *= rx;
    g.my.a *= ry;
    g.my.b *= ry;
  }
  render(s.decoded, g.mx, g.my, g.oh, g.ow, s.rendered, s.resample);
  return info;
}

}  // namespace mssar::data
