#include "idx.h"

#include <algorithm>

#include "class_names.h"
#include "files.h"
#include "memory_dataset.h"

namespace mssar::data {

namespace {

const char* kLayout =
    "expected a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
    "t10k-labels-idx1-ubyte (IDX files, each plain or gzipped as .gz)";

std::string find_file(const std::string& dir, const std::string& split, const std::string& what, const char* kind) {
  const std::vector<std::string> names = {split + "-" + what + "-" + (what == "images" ? "idx3" : "idx1") + "-ubyte",
                                          split + "-" + what + "." + (what == "images" ? "idx3" : "idx1") + "-ubyte"};
  for (const std::string& n : names) {
    for (const std::string& suffix : {std::string(""), std::string(".gz")}) {
      const std::string p = join_path(dir, n + suffix);
      if (is_file(p)) return p;
    }
  }
  fail(kind, ": missing ", join_path(dir, names[0]), " (or ", names[0], ".gz); ", kLayout);
}

struct IdxFile {
  std::string path;
  std::vector<uint8_t> bytes;
  size_t header = 0;
  int64_t count = 0;      // as the header says
  int64_t item = 1;       // bytes per item
  int64_t usable = 0;     // whole items present
  std::vector<int64_t> dims;
};

IdxFile read_idx(const std::string& path, int ndims, const char* kind, OnError on_error) {
  IdxFile f;
  f.path = path;
  // A gzipped file is inflated only as far as its header allows (magic, then the dimensions):
  // a few MB of gzip that claim nothing sensible are refused before GBs are inflated.
  const size_t header = 4 + 4 * size_t(ndims);
  ReadResult r = read_maybe_gzip(path, kind, [&](const std::vector<uint8_t>& b) -> uint64_t {
    if (b.size() >= 4 && (b[0] != 0 || b[1] != 0 || b[2] != 0x08 || b[3] != ndims)) return 4;  // not IDX: stop
    if (b.size() < header) return 0;
    uint64_t total = 1;
    for (int d = 0; d < ndims; ++d) {
      const uint8_t* p = b.data() + 4 + 4 * d;
      const uint64_t dim = uint64_t(p[0]) << 24 | uint64_t(p[1]) << 16 | uint64_t(p[2]) << 8 | uint64_t(p[3]);
      if (d > 0 && (dim == 0 || dim > 65535)) return header;  // corrupt dimension: refused below
      total *= dim;  // at most 2^32 * 65535^2 < 2^64
    }
    return header + total;
  });
  if (r.status != ReadStatus::Ok && on_error == OnError::Raise)
    throw DataError(cat(kind, ": ", path, " is ", r.status == ReadStatus::Truncated ? "truncated" : "corrupt", " (",
                        r.detail, ")"));
  f.bytes = std::move(r.bytes);
  const std::vector<uint8_t>& b = f.bytes;
  if (b.size() < 4 || b[0] != 0 || b[1] != 0 || b[2] != 0x08 || b[3] != ndims) {
    std::string magic = b.size() >= 4 ? cat(int(b[0]), " ", int(b[1]), " ", int(b[2]), " ", int(b[3])) : "missing";
    throw DataError(cat(kind, ": ", path, " is not an IDX file of unsigned bytes with ", ndims,
                        " dimension(s) (magic bytes ", magic, ", expected 0 0 8 ", ndims, ")"));
  }
  f.header = 4 + 4 * size_t(ndims);
  if (b.size() < f.header) throw DataError(cat(kind, ": ", path, " is truncated inside its header"));
  for (int d = 0; d < ndims; ++d) {
    const uint8_t* p = b.data() + 4 + 4 * d;
    f.dims.push_back(int64_t(uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3])));
  }
  f.count = f.dims[0];
  for (int d = 1; d < ndims; ++d) {
    if (f.dims[size_t(d)] <= 0 || f.dims[size_t(d)] > 65535)
      throw DataError(cat(kind, ": ", path, " is corrupt: dimension ", d, " is ", f.dims[size_t(d)]));
    f.item *= f.dims[size_t(d)];
  }
  const uint64_t expected = uint64_t(f.header) + uint64_t(f.count) * uint64_t(f.item);
  f.usable = std::min<int64_t>(f.count, int64_t((b.size() - f.header) / size_t(f.item)));
  if (b.size() != expected && on_error == OnError::Raise) {
    throw DataError(cat(kind, ": ", path, " holds ", b.size(), " bytes but its header announces ", f.count,
                        " item(s) of ", f.item, " byte(s), ", expected, " bytes in all: the file is ",
                        b.size() < expected ? "truncated" : "corrupt (trailing bytes)"));
  }
  return f;
}

}  // namespace

std::shared_ptr<Dataset> open_idx(const std::string& dir, const IdxOptions& o) {
  const char* kind = o.fashion ? "fashion-mnist" : "mnist";
  if (!exists(dir)) fail(kind, ": ", dir, " does not exist; ", kLayout);
  if (!is_dir(dir)) fail(kind, ": ", dir, " is not a folder; ", kLayout);
  const std::string split = o.train ? "train" : "t10k";
  const std::string images_path = find_file(dir, split, "images", kind);
  const std::string labels_path = find_file(dir, split, "labels", kind);

  IdxFile images = read_idx(images_path, 3, kind, o.on_error);
  IdxFile labels = read_idx(labels_path, 1, kind, o.on_error);
  if (images.count != labels.count)
    fail(kind, ": ", labels_path, " holds ", labels.count, " labels but ", images_path, " holds ", images.count,
         " images: a label file and its image file must have the same length");

  const int h = int(images.dims[1]), w = int(images.dims[2]);
  auto ds = std::make_shared<MemoryDataset>(kind, o.on_error, 1, h, w, false);
  ds->set_classes(o.fashion ? fashion_mnist_names() : mnist_names());
  const int64_t n = std::min(images.usable, labels.usable);
  ds->add_skipped(images.count - n);
  const std::vector<uint8_t> label_bytes(labels.bytes.begin() + long(labels.header),
                                         labels.bytes.begin() + long(labels.header) + long(n));
  const size_t header = images.header;
  const uint32_t blob = ds->add_blob(std::move(images.bytes));
  ds->set_blob_name(blob, images_path);
  for (int64_t k = 0; k < n; ++k) {
    const int label = label_bytes[size_t(k)];
    if (label > 9) {
      if (o.on_error == OnError::Raise)
        throw DataError(cat(kind, ": ", labels_path, " is corrupt: label ", k, " is ", label, ", outside 0..9"));
      ds->add_skipped(1);
      continue;
    }
    ds->add_sample(blob, header + uint64_t(k) * uint64_t(images.item), label);
  }
  return ds;
}

}  // namespace mssar::data
