#include "cifar.h"

#include "class_names.h"
#include "files.h"
#include "memory_dataset.h"

namespace mssar::data {

namespace {

constexpr int kPixels = 3072;

struct CifarLayout {
  std::string kind, folder, archive, layout;
  std::vector<std::string> data_files;  // of the requested split
  std::vector<std::string> all_data_files;
  std::string meta_file;  // class names, optional
  int label_bytes;
  int classes;
};

CifarLayout layout_of(const CifarOptions& o) {
  CifarLayout l;
  if (o.variant == 10) {
    l.kind = "cifar10";
    l.folder = "cifar-10-batches-bin";
    l.archive = "cifar-10-binary.tar.gz";
    l.all_data_files = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin", "test_batch.bin"};
    if (o.train) l.data_files.assign(l.all_data_files.begin(), l.all_data_files.begin() + 5);
    else l.data_files = {"test_batch.bin"};
    l.meta_file = "batches.meta.txt";
    l.label_bytes = 1;
    l.classes = 10;
    l.layout =
        "expected the CIFAR-10 binary version: the folder cifar-10-batches-bin/ holding data_batch_1.bin .. "
        "data_batch_5.bin and test_batch.bin (records of 1 label byte + 3072 pixel bytes) and batches.meta.txt, "
        "given as that folder or its parent, or the archive cifar-10-binary.tar.gz (the file, or a folder holding it)";
  } else {
    l.kind = "cifar100";
    l.folder = "cifar-100-binary";
    l.archive = "cifar-100-binary.tar.gz";
    l.all_data_files = {"train.bin", "test.bin"};
    l.data_files = {o.train ? "train.bin" : "test.bin"};
    l.meta_file = o.coarse ? "coarse_label_names.txt" : "fine_label_names.txt";
    l.label_bytes = 2;
    l.classes = o.coarse ? 20 : 100;
    l.layout =
        "expected the CIFAR-100 binary version: the folder cifar-100-binary/ holding train.bin and test.bin "
        "(records of 1 coarse label byte, 1 fine label byte and 3072 pixel bytes), coarse_label_names.txt and "
        "fine_label_names.txt, given as that folder or its parent, or the archive cifar-100-binary.tar.gz (the "
        "file, or a folder holding it)";
  }
  return l;
}

// Adds the whole records of one batch file, checking its size and every label.
void add_records(MemoryDataset& ds, const CifarLayout& l, const CifarOptions& o, std::vector<uint8_t> bytes,
                 const std::string& name) {
  const size_t record = size_t(l.label_bytes + kPixels);
  const size_t n = bytes.size() / record;
  if (bytes.size() % record != 0 || n == 0) {
    std::string why = bytes.empty() ? "it is empty"
                                    : cat(bytes.size(), " bytes is not a whole number of ", record, "-byte records");
    if (o.on_error == OnError::Raise)
      throw DataError(cat(l.kind, ": ", name, " is truncated or corrupt: ", why, " (", l.label_bytes,
                          " label byte", l.label_bytes > 1 ? "s" : "", " + 3072 pixel bytes each)"));
    if (!bytes.empty()) ds.add_skipped(1);  // the partial record at the end
  }
  const uint32_t blob = ds.add_blob(std::move(bytes));
  ds.set_blob_name(blob, name);
  const std::vector<uint8_t>& b = ds.blob(blob);
  const int coarse_classes = 20, fine_classes = l.classes == 10 ? 10 : 100;
  for (size_t k = 0; k < n; ++k) {
    const uint8_t* r = b.data() + k * record;
    bool ok;
    int label;
    if (l.label_bytes == 1) {
      label = r[0];
      ok = label < 10;
    } else {
      ok = r[0] < coarse_classes && r[1] < fine_classes;
      label = o.coarse ? r[0] : r[1];
    }
    if (!ok) {
      if (o.on_error == OnError::Raise)
        throw DataError(cat(l.kind, ": ", name, " is corrupt: record ", k, " has label byte",
                            l.label_bytes > 1 ? "s " : " ", int(r[0]),
                            l.label_bytes > 1 ? cat(", ", int(r[1])) : std::string(), ", outside the ",
                            l.label_bytes > 1 ? "20 coarse / 100 fine" : "10", " classes"));
      ds.add_skipped(1);
      continue;
    }
    ds.add_sample(blob, k * record + size_t(l.label_bytes), label);
  }
}

std::vector<std::string> class_names(const CifarLayout& l, const CifarOptions& o, const std::vector<uint8_t>* meta) {
  const std::vector<std::string>& builtin =
      o.variant == 10 ? cifar10_names() : (o.coarse ? cifar100_coarse_names() : cifar100_fine_names());
  if (meta) {
    std::vector<std::string> lines = text_lines(*meta);
    if (int(lines.size()) == l.classes) return lines;
  }
  return builtin;
}

bool has_any_data_file(const std::string& dir, const CifarLayout& l) {
  for (const std::string& f : l.all_data_files)
    if (exists(join_path(dir, f))) return true;
  return false;
}

}  // namespace

std::shared_ptr<Dataset> open_cifar(const std::string& path, const CifarOptions& o) {
  MSSAR_CHECK(o.variant == 10 || o.variant == 100, "cifar: variant must be 10 or 100, got ", o.variant);
  const CifarLayout l = layout_of(o);
  if (!exists(path)) fail(l.kind, ": ", path, " does not exist; ", l.layout);

  std::string folder, archive;
  if (!is_dir(path)) {
    if (!ends_with(lower(path), ".tar.gz") && !ends_with(lower(path), ".tgz"))
      fail(l.kind, ": ", path, " is a file but not a .tar.gz archive; ", l.layout);
    archive = path;
  } else if (has_any_data_file(path, l)) {
    folder = path;
  } else if (is_dir(join_path(path, l.folder))) {
    folder = join_path(path, l.folder);
  } else if (is_file(join_path(path, l.archive))) {
    archive = join_path(path, l.archive);
  } else {
    fail(l.kind, ": ", path, " holds neither ", l.folder, "/, nor ", l.archive, ", nor the batch files; ", l.layout);
  }

  auto ds = std::make_shared<MemoryDataset>(l.kind, o.on_error, 3, 32, 32, true);
  if (!folder.empty()) {
    for (const std::string& f : l.data_files) {
      const std::string p = join_path(folder, f);
      if (!is_file(p)) fail(l.kind, ": missing ", p, "; ", l.layout);
    }
    for (const std::string& f : l.data_files) {
      const std::string p = join_path(folder, f);
      add_records(*ds, l, o, read_file(p, l.kind), p);
    }
    const std::string meta_path = join_path(folder, l.meta_file);
    if (is_file(meta_path)) {
      std::vector<uint8_t> meta = read_file(meta_path, l.kind);
      ds->set_classes(class_names(l, o, &meta));
    } else {
      ds->set_classes(class_names(l, o, nullptr));
    }
    return ds;
  }

  std::vector<std::string> wanted = l.data_files;
  wanted.push_back(l.meta_file);
  TarResult tar = read_tar_gz(archive, wanted, l.kind);
  const std::string state = tar.status == ReadStatus::Truncated ? "truncated" : "corrupt";
  if (tar.status != ReadStatus::Ok && o.on_error == OnError::Raise)
    throw DataError(cat(l.kind, ": ", archive, " is ", state, " (", tar.detail, ")"));
  for (const std::string& f : l.data_files) {
    const TarMember* m = nullptr;
    for (const TarMember& t : tar.members)
      if (base_name(t.name) == f) m = &t;
    if (!m) {
      if (tar.status != ReadStatus::Ok)
        throw DataError(cat(l.kind, ": ", archive, " is ", state, " (", tar.detail, ") before its member ", l.folder,
                            "/", f));
      fail(l.kind, ": ", archive, " has no member ", l.folder, "/", f, "; ", l.layout);
    }
  }
  for (const std::string& f : l.data_files) {
    for (TarMember& t : tar.members)
      if (base_name(t.name) == f) add_records(*ds, l, o, std::move(t.bytes), archive + ":" + t.name);
  }
  const TarMember* meta = nullptr;
  for (const TarMember& t : tar.members)
    if (base_name(t.name) == l.meta_file && t.complete) meta = &t;
  ds->set_classes(class_names(l, o, meta ? &meta->bytes : nullptr));
  return ds;
}

}  // namespace mssar::data
