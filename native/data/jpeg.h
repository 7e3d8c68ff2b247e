// JPEG through libjpeg-turbo's TurboJPEG API: header reads, full or DCT-scaled decodes to RGB, and
// encodes (for fixtures and benchmarks). One decompressor and compressor per thread.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "image.h"

namespace mssar::data {

struct JpegHeader {
  int width = 0, height = 0;
  bool cmyk = false;  // CMYK or YCCK: decoded by hand (libjpeg cannot convert these to RGB)
};

// A scaling factor the decoder supports (num / denom).
struct JpegScale {
  int num = 1, denom = 1;
  int scaled(int size) const { return (size * num + denom - 1) / denom; }
};

// The most pixels (width * height) a JPEG's header may declare: 2^26 (67 megapixels, 8192 x 8192,
// 201 MB decoded) by default, settable up to 65535 * 65535 (what a header can hold). A header
// beyond it is refused before anything is allocated.
constexpr int64_t kDefaultJpegMaxPixels = int64_t(1) << 26;
constexpr int64_t kJpegMaxPixelsCeiling = int64_t(65535) * 65535;
int64_t jpeg_max_pixels();
void set_jpeg_max_pixels(int64_t n);  // Error naming setMaxImagePixels outside [1, ceiling]

// Throws DataError "<what>: not a readable JPEG (...)"; also when the header declares more than
// jpeg_max_pixels().
JpegHeader jpeg_header(const uint8_t* data, size_t size, const std::string& what);
// The smallest fast scale f (1/8, 1/4, 1/2) with f >= min_x and f >= min_y; 1/1 when none fits.
JpegScale jpeg_pick_scale(double min_x, double min_y);
// Decodes to 3-channel RGB HWC at the given scale. Grey images are expanded to RGB; Adobe CMYK and
// YCCK images are converted with R = C * K / 255 (libjpeg hands out Adobe's inverted inks). A
// truncated or corrupt image throws DataError naming `what`; libjpeg's other warnings (extraneous
// bytes before a marker, which some published JPEGs carry) are tolerated, as PIL tolerates them.
void jpeg_decode(const uint8_t* data, size_t size, const JpegHeader& header, JpegScale scale, Image& out,
                 const std::string& what);
// Baseline JPEG of an HWC image with 1 (grey), 3 (RGB, 4:2:0) or 4 (CMYK stored as given, as
// Adobe's inverted inks: a YCCK JPEG) channels, quality 1..100.
std::vector<uint8_t> jpeg_encode(const uint8_t* pixels, int width, int height, int channels, int quality);

}  // namespace mssar::data
