#include "image_folder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include <sys/stat.h>

#include "class_names.h"
#include "files.h"

namespace mssar::data {

namespace fs = std::filesystem;

namespace {

// JPEG files listed by path, with their labels; read by the loader's workers.
class FileDataset : public Dataset {
 public:
  FileDataset(std::string kind, OnError on_error) : Dataset(std::move(kind), on_error) { shape_ = {3, -1, -1}; }

  void add(std::string path, int label) {
    paths_.push_back(std::move(path));
    labels_.push_back(label);
    size_ = int64_t(paths_.size());
  }
  void set_classes(std::vector<std::string> c) { classes_ = std::move(c); }

  void fetch(int64_t i, RawSample& out) const override {
    MSSAR_CHECK(i >= 0 && i < size_, kind_, ": index ", i, " out of range [0, ", size_, ")");
    out.label = labels_[size_t(i)];
    out.encoded = true;
    out.path = paths_[size_t(i)];
    read_file_into(out.path, kind_, out.bytes);
  }

 private:
  std::vector<std::string> paths_;
  std::vector<int> labels_;
};

bool is_jpeg_name(const std::string& name) {
  const std::string l = lower(name);
  return ends_with(l, ".jpg") || ends_with(l, ".jpeg");
}

std::vector<std::string> sorted_subdirs(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code ec2;
    if (fs::is_directory(it->path(), ec2)) names.push_back(it->path().filename().string());
  }
  if (ec) fail("cannot list ", dir, ": ", ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

// A real directory: device and inode (links followed), so that each is walked once.
using DirId = std::pair<uint64_t, uint64_t>;
bool dir_id(const std::string& path, DirId& id) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  id = {uint64_t(st.st_dev), uint64_t(st.st_ino)};
  return true;
}

// JPEG files under dir (recursively, links followed), sorted by path. With `seen`, each real
// directory (by device and inode) is entered once: a link back up (a loop) or into another
// class's folder is not followed, so no image is counted twice or under another class.
std::vector<std::string> jpeg_files(const std::string& dir, bool recursive, std::set<DirId>* seen = nullptr) {
  std::vector<std::string> files;
  std::error_code ec;
  if (recursive) {
    for (fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec), end;
         !ec && it != end; it.increment(ec)) {
      std::error_code ec2;
      DirId id;
      if (seen && dir_id(it->path().string(), id)) {
        if (!seen->insert(id).second) it.disable_recursion_pending();
        continue;
      }
      if (is_jpeg_name(it->path().filename().string()) && fs::is_regular_file(it->path(), ec2))
        files.push_back(it->path().string());
    }
  } else {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code ec2;
      if (is_jpeg_name(it->path().filename().string()) && fs::is_regular_file(it->path(), ec2))
        files.push_back(it->path().string());
    }
  }
  if (ec) fail("cannot list ", dir, ": ", ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// Adds root/<class>/** for every class of `classes` that has a folder there.
void add_class_folders(FileDataset& ds, const std::string& root, const std::vector<std::string>& classes,
                       const std::vector<std::string>& folders) {
  std::map<std::string, int> index;
  for (size_t i = 0; i < classes.size(); ++i) index[classes[i]] = int(i);
  // The root and every class folder count as walked already: a link to any of them is not followed.
  std::set<DirId> seen;
  DirId id;
  if (dir_id(root, id)) seen.insert(id);
  for (const std::string& f : folders)
    if (dir_id(join_path(root, f), id)) seen.insert(id);
  for (const std::string& f : folders) {
    auto it = index.find(f);
    if (it == index.end())
      fail(ds.kind(), ": ", join_path(root, f), " is not one of the ", classes.size(),
           " classes of the training set (first: ", classes.empty() ? "" : classes.front(), ")");
    for (std::string& p : jpeg_files(join_path(root, f), true, &seen)) ds.add(std::move(p), it->second);
  }
}

const char* kImagenetLayout =
    "expected the ILSVRC2012 layout: <root>/train/<wnid>/*.JPEG, and <root>/val/<wnid>/*.JPEG or flat "
    "<root>/val/*.JPEG with LOC_val_solution.csv or a \"filename label\" file (val.txt, val_labels.txt) in <root> "
    "or <root>/val; Kaggle's <root>/ILSVRC/Data/CLS-LOC/{train,val} with <root>/LOC_val_solution.csv is accepted too";

std::string strip_extension(const std::string& name) {
  size_t dot = name.find_last_of('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

struct ValLabels {
  std::map<std::string, std::string> by_id;  // file name without extension -> wnid or class index text
  bool numeric = false;
};

ValLabels read_val_labels(const std::string& path, const char* kind) {
  ValLabels v;
  std::vector<std::string> lines = text_lines(read_file(path, kind));
  const bool csv = ends_with(lower(path), ".csv");
  bool any_numeric = false, any_text = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    std::string id, label;
    if (csv) {
      if (i == 0 && line.rfind("ImageId", 0) == 0) continue;
      size_t comma = line.find(',');
      if (comma == std::string::npos) fail(kind, ": ", path, " line ", i + 1, " is not \"ImageId,PredictionString\"");
      id = line.substr(0, comma);
      std::string rest = line.substr(comma + 1);
      size_t b = rest.find_first_not_of(" \"");
      size_t e = rest.find_first_of(" \"", b == std::string::npos ? rest.size() : b);
      if (b == std::string::npos) fail(kind, ": ", path, " line ", i + 1, " has no prediction string");
      label = rest.substr(b, e == std::string::npos ? std::string::npos : e - b);
    } else {
      size_t sep = line.find_first_of(" \t,");
      if (sep == std::string::npos) fail(kind, ": ", path, " line ", i + 1, " is not \"filename label\": ", line);
      id = line.substr(0, sep);
      size_t b = line.find_first_not_of(" \t,", sep);
      if (b == std::string::npos) fail(kind, ": ", path, " line ", i + 1, " has no label: ", line);
      label = line.substr(b);
      size_t e = label.find_first_of(" \t");
      if (e != std::string::npos) label = label.substr(0, e);
    }
    id = strip_extension(base_name(id));
    if (all_digits(label)) any_numeric = true;
    else any_text = true;
    v.by_id[id] = label;
  }
  if (any_numeric && any_text) fail(kind, ": ", path, " mixes class indices and wnids");
  v.numeric = any_numeric;
  return v;
}

}  // namespace

std::shared_ptr<Dataset> open_image_folder(const std::string& root, OnError on_error) {
  const char* layout = "expected a folder per class: <root>/<class>/<image>.jpg (JPEG files, any depth)";
  if (!exists(root)) fail("imageFolder: ", root, " does not exist; ", layout);
  if (!is_dir(root)) fail("imageFolder: ", root, " is not a folder; ", layout);
  std::vector<std::string> classes = sorted_subdirs(root);
  if (classes.empty()) fail("imageFolder: ", root, " has no class folders; ", layout);
  auto ds = std::make_shared<FileDataset>("imageFolder", on_error);
  ds->set_classes(classes);
  add_class_folders(*ds, root, classes, classes);
  if (ds->size() == 0) fail("imageFolder: ", root, " holds no JPEG files; ", layout);
  return ds;
}

std::shared_ptr<Dataset> open_imagenet(const std::string& given, const ImagenetOptions& o) {
  const char* kind = "imagenet";
  if (!exists(given)) fail(kind, ": ", given, " does not exist; ", kImagenetLayout);
  if (!is_dir(given)) fail(kind, ": ", given, " is not a folder; ", kImagenetLayout);
  std::string root = given;
  const std::string kaggle = join_path(given, "ILSVRC/Data/CLS-LOC");
  if (!is_dir(join_path(given, "train")) && !is_dir(join_path(given, "val")) && is_dir(kaggle)) root = kaggle;
  const std::string train_dir = join_path(root, "train"), val_dir = join_path(root, "val");

  std::vector<std::string> classes;
  if (is_dir(train_dir)) classes = sorted_subdirs(train_dir);
  auto ds = std::make_shared<FileDataset>(kind, o.on_error);

  if (o.train) {
    if (!is_dir(train_dir)) fail(kind, ": missing ", train_dir, "; ", kImagenetLayout);
    if (classes.empty()) fail(kind, ": ", train_dir, " has no class folders; ", kImagenetLayout);
    ds->set_classes(classes);
    add_class_folders(*ds, train_dir, classes, classes);
    if (ds->size() == 0) fail(kind, ": ", train_dir, " holds no JPEG files; ", kImagenetLayout);
    return ds;
  }

  if (!is_dir(val_dir)) fail(kind, ": missing ", val_dir, "; ", kImagenetLayout);
  std::vector<std::string> val_folders = sorted_subdirs(val_dir);
  if (!val_folders.empty()) {
    if (classes.empty()) classes = val_folders;
    ds->set_classes(classes);
    add_class_folders(*ds, val_dir, classes, val_folders);
    if (ds->size() == 0) fail(kind, ": ", val_dir, " holds no JPEG files; ", kImagenetLayout);
    return ds;
  }

  // Flat val: find the label file.
  std::string labels_path = o.labels_file;
  if (labels_path.empty()) {
    std::vector<std::string> candidates;
    for (const std::string& dir : {root, val_dir, given}) {
      for (const char* name : {"LOC_val_solution.csv", "val.txt", "val_labels.txt"})
        candidates.push_back(join_path(dir, name));
    }
    for (const std::string& c : candidates)
      if (is_file(c)) {
        labels_path = c;
        break;
      }
    if (labels_path.empty())
      fail(kind, ": ", val_dir, " holds images but no class folders, and no label file was found (looked for ",
           "LOC_val_solution.csv, val.txt, val_labels.txt in ", root, ", ", val_dir,
           root != given ? cat(" and ", given) : std::string(), "); ", kImagenetLayout);
  } else if (!is_file(labels_path)) {
    fail(kind, ": the label file ", labels_path, " does not exist; ", kImagenetLayout);
  }
  ValLabels labels = read_val_labels(labels_path, kind);

  if (classes.empty()) {
    const std::string mapping_dirs[] = {given, root};
    for (const std::string& d : mapping_dirs) {
      const std::string m = join_path(d, "LOC_synset_mapping.txt");
      if (classes.empty() && is_file(m)) {
        for (const std::string& line : text_lines(read_file(m, kind))) classes.push_back(line.substr(0, line.find(' ')));
        std::sort(classes.begin(), classes.end());
      }
    }
  }
  if (classes.empty()) {
    if (labels.numeric) {
      int max_label = -1;
      for (const auto& kv : labels.by_id) max_label = std::max(max_label, std::stoi(kv.second));
      for (int i = 0; i <= max_label; ++i) classes.push_back(std::to_string(i));
    } else {
      for (const auto& kv : labels.by_id) classes.push_back(kv.second);
      std::sort(classes.begin(), classes.end());
      classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    }
  }
  ds->set_classes(classes);
  std::map<std::string, int> index;
  for (size_t i = 0; i < classes.size(); ++i) index[classes[i]] = int(i);

  for (std::string& path : jpeg_files(val_dir, false)) {
    const std::string id = strip_extension(base_name(path));
    auto it = labels.by_id.find(id);
    std::string problem;
    int label = -1;
    if (it == labels.by_id.end()) {
      problem = cat(path, " has no line in ", labels_path);
    } else if (labels.numeric) {
      label = it->second.size() > 9 ? -1 : std::stoi(it->second);
      if (label < 0 || label >= int(classes.size()))
        problem = cat(path, " has label ", it->second, " in ", labels_path, ", outside the ", classes.size(), " classes");
    } else {
      auto c = index.find(it->second);
      if (c == index.end()) problem = cat(path, " has label ", it->second, " in ", labels_path, ", not a known wnid");
      else label = c->second;
    }
    if (!problem.empty()) {
      if (o.on_error == OnError::Raise) throw DataError(cat(kind, ": ", problem));
      ds->add_skipped(1);
      continue;
    }
    ds->add(std::move(path), label);
  }
  if (ds->size() == 0 && ds->skipped() == 0) fail(kind, ": ", val_dir, " holds no JPEG files; ", kImagenetLayout);
  return ds;
}

}  // namespace mssar::data
