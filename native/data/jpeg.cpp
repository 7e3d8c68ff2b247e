#include "jpeg.h"

#include <turbojpeg.h>

#include <atomic>
#include <cstring>

#include "../core/error.h"
#include "dataset.h"

namespace mssar::data {

namespace {

struct TjHandles {
  tjhandle decompressor = nullptr;
  tjhandle compressor = nullptr;
  std::vector<uint8_t> cmyk;
  ~TjHandles() {
    if (decompressor) tjDestroy(decompressor);
    if (compressor) tjDestroy(compressor);
  }
  tjhandle dec() {
    if (!decompressor) decompressor = tjInitDecompress();
    if (!decompressor) throw Error(cat("jpeg: cannot create a decompressor: ", tjGetErrorStr2(nullptr)));
    return decompressor;
  }
  // After a failed call a TurboJPEG 2.x handle can keep state that breaks the next image: start afresh.
  void reset_dec() {
    if (decompressor) tjDestroy(decompressor);
    decompressor = nullptr;
  }
  tjhandle enc() {
    if (!compressor) compressor = tjInitCompress();
    if (!compressor) throw Error(cat("jpeg: cannot create a compressor: ", tjGetErrorStr2(nullptr)));
    return compressor;
  }
};

thread_local TjHandles tj;

std::atomic<int64_t> g_max_pixels{kDefaultJpegMaxPixels};

// The message of a failed call, with the decompressor reset for the next one.
std::string failure(tjhandle h) {
  std::string msg = tjGetErrorStr2(h);
  tj.reset_dec();
  return msg;
}

bool fatal(tjhandle h) {
  if (tjGetErrorCode(h) != TJERR_WARNING) return true;
  // A warning. Truncation is one ("Premature end of JPEG file"): the rest of the image would be grey.
  // "Premature end of JPEG file" and "Corrupt JPEG data: premature end of data segment" (data that
  // ends early, then a marker): either way the rest of the image would be grey.
  const char* msg = tjGetErrorStr2(h);
  return msg && strcasestr(msg, "premature end") != nullptr;
}

// After a decode returned an error or a warning: throws unless it was a tolerable warning.
void check_decode(tjhandle h, const std::string& what) {
  const bool stop = fatal(h);
  const std::string msg = failure(h);
  if (stop) throw DataError(cat(what, ": corrupt JPEG (", msg, ")"));
}

}  // namespace

int64_t jpeg_max_pixels() { return g_max_pixels.load(); }

void set_jpeg_max_pixels(int64_t n) {
  MSSAR_CHECK(n >= 1 && n <= kJpegMaxPixelsCeiling, "setMaxImagePixels: maxPixels must be an integer in [1, ",
              kJpegMaxPixelsCeiling, "], got ", n);
  g_max_pixels = n;
}

JpegHeader jpeg_header(const uint8_t* data, size_t size, const std::string& what) {
  tjhandle h = tj.dec();
  int w = 0, ht = 0, subsamp = 0, colorspace = 0;
  if (size == 0 || tjDecompressHeader3(h, data, static_cast<unsigned long>(size), &w, &ht, &subsamp, &colorspace) != 0)
    throw DataError(cat(what, ": not a readable JPEG (", size == 0 ? std::string("empty file") : failure(h), ")"));
  if (w <= 0 || ht <= 0) throw DataError(cat(what, ": JPEG has no pixels (", w, "x", ht, ")"));
  // A header can claim up to 65535 x 65535 over a few bytes of data (a decompression bomb):
  // refuse more pixels than the limit before allocating for them.
  const int64_t most = jpeg_max_pixels();
  if (int64_t(w) * int64_t(ht) > most)
    throw DataError(cat(what, ": JPEG of ", w, "x", ht, " pixels is larger than the ", most,
                        " pixels accepted (data.setMaxImagePixels)"));
  JpegHeader r;
  r.width = w;
  r.height = ht;
  r.cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;
  return r;
}

JpegScale jpeg_pick_scale(double min_x, double min_y) {
  // Only the scales libjpeg-turbo decodes faster than full size: 1/2 and 1/4 have reduced IDCTs,
  // 1/8 keeps the DC coefficients alone. Its other scales (7/8, 3/4, 5/8, 3/8) run generic C IDCTs
  // that are slower than the SIMD full-size decode.
  static const JpegScale candidates[] = {{1, 8}, {1, 4}, {1, 2}};
  for (const JpegScale& s : candidates)
    if (double(s.num) / s.denom >= min_x && double(s.num) / s.denom >= min_y) return s;
  return JpegScale{};
}

void jpeg_decode(const uint8_t* data, size_t size, const JpegHeader& header, JpegScale scale, Image& out,
                 const std::string& what) {
  tjhandle h = tj.dec();
  const int w = scale.scaled(header.width), ht = scale.scaled(header.height);
  out.resize(ht, w, 3);
  const unsigned long n = static_cast<unsigned long>(size);
  if (!header.cmyk) {
    if (tjDecompress2(h, data, n, out.pixels.data(), w, 0, ht, TJPF_RGB, 0) != 0) check_decode(h, what);
    return;
  }
  std::vector<uint8_t>& cmyk = tj.cmyk;
  cmyk.resize(size_t(w) * size_t(ht) * 4);
  if (tjDecompress2(h, data, n, cmyk.data(), w, 0, ht, TJPF_CMYK, 0) != 0) check_decode(h, what);
  const size_t pixels = size_t(w) * size_t(ht);
  uint8_t* rgb = out.pixels.data();
  for (size_t p = 0; p < pixels; ++p) {
    const unsigned k = cmyk[4 * p + 3];
    for (int ch = 0; ch < 3; ++ch) rgb[3 * p + size_t(ch)] = uint8_t((cmyk[4 * p + size_t(ch)] * k + 127) / 255);
  }
}

std::vector<uint8_t> jpeg_encode(const uint8_t* pixels, int width, int height, int channels, int quality) {
  MSSAR_CHECK(width > 0 && height > 0, "encodeJpeg: width and height must be positive, got ", width, "x", height);
  MSSAR_CHECK(channels == 1 || channels == 3 || channels == 4, "encodeJpeg: channels must be 1, 3 or 4, got ",
              channels);
  MSSAR_CHECK(quality >= 1 && quality <= 100, "encodeJpeg: quality must be in 1..100, got ", quality);
  tjhandle h = tj.enc();
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  const int pf = channels == 1 ? TJPF_GRAY : (channels == 3 ? TJPF_RGB : TJPF_CMYK);
  const int subsamp = channels == 1 ? TJSAMP_GRAY : TJSAMP_420;
  if (tjCompress2(h, pixels, width, 0, height, pf, &buf, &size, subsamp, quality, 0) != 0) {
    std::string msg = tjGetErrorStr2(h);
    if (buf) tjFree(buf);
    tjDestroy(tj.compressor);
    tj.compressor = nullptr;
    throw Error(cat("encodeJpeg: ", msg));
  }
  std::vector<uint8_t> out(buf, buf + size);
  tjFree(buf);
  return out;
}

}  // namespace mssar::data
