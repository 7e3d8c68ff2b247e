// An 8-bit image in HWC order (channels interleaved), the form JPEG decoders produce and the form
// every geometric step of the pipeline reads and writes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mssar::data {

struct Image {
  std::vector<uint8_t> pixels;  // h * w * c bytes, row-major, channels last
  int h = 0, w = 0, c = 0;

  void resize(int height, int width, int channels) {
    h = height;
    w = width;
    c = channels;
    pixels.resize(size_t(h) * size_t(w) * size_t(c));
  }
  size_t bytes() const { return pixels.size(); }
};

}  // namespace mssar::data
