#include "files.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "../core/error.h"
#include "dataset.h"

namespace mssar::data {

namespace fs = std::filesystem;

bool is_dir(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}
bool is_file(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}
bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}
std::string join_path(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return a.back() == '/' ? a + b : a + "/" + b;
}
std::string base_name(const std::string& path) {
  size_t end = path.find_last_not_of('/');
  if (end == std::string::npos) return path;
  size_t slash = path.find_last_of('/', end);
  return path.substr(slash == std::string::npos ? 0 : slash + 1, end - (slash == std::string::npos ? 0 : slash + 1) + 1);
}
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
std::string lower(std::string s) {
  for (char& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<FILE, FileCloser>;

File open_or_throw(const std::string& path, const std::string& who, bool sample) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    std::string msg = cat(who, ": cannot read ", path, ": ", std::strerror(errno));
    if (sample) throw DataError(msg);
    throw Error(msg);
  }
  return f;
}

void read_all(FILE* f, const std::string& path, const std::string& who, bool sample, std::vector<uint8_t>& out) {
  out.clear();
  if (std::fseek(f, 0, SEEK_END) == 0) {
    long n = std::ftell(f);
    if (n > 0) out.reserve(size_t(n));
    std::fseek(f, 0, SEEK_SET);
  }
  uint8_t buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + got);
  if (std::ferror(f)) {
    std::string msg = cat(who, ": error reading ", path);
    if (sample) throw DataError(msg);
    throw Error(msg);
  }
}

// A gzip stream over a file, inflated on demand. Concatenated gzip members are read as one.
class GzipReader {
 public:
  GzipReader(FILE* f) : f_(f) {
    std::memset(&zs_, 0, sizeof zs_);
    ok_ = inflateInit2(&zs_, 15 + 32) == Z_OK;
    if (!ok_) fail(ReadStatus::Corrupt, "zlib could not start");
  }
  ~GzipReader() { inflateEnd(&zs_); }

  // Reads up to n bytes; fewer only at the end of the stream or on an error (see status()).
  size_t read(uint8_t* dst, size_t n) {
    size_t produced = 0;
    while (produced < n && !done_) {
      if (zs_.avail_in == 0) {
        size_t got = std::fread(in_, 1, sizeof in_, f_);
        if (got == 0) {
          if (std::ferror(f_)) fail(ReadStatus::Corrupt, "read error");
          else if (!stream_ended_) fail(ReadStatus::Truncated, "the gzip stream ends early");
          done_ = true;
          break;
        }
        zs_.next_in = in_;
        zs_.avail_in = uInt(got);
      }
      if (stream_ended_) {
        // Another gzip member follows the one that ended (or trailing padding).
        if (zs_.avail_in > 0 && zs_.next_in[0] == 0x1f) {
          inflateReset(&zs_);
          stream_ended_ = false;
        } else {
          done_ = true;
          break;
        }
      }
      zs_.next_out = dst + produced;
      zs_.avail_out = uInt(std::min<size_t>(n - produced, 1u << 30));
      const uInt before = zs_.avail_out;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      produced += before - zs_.avail_out;
      if (rc == Z_STREAM_END) {
        stream_ended_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        fail(ReadStatus::Corrupt, zs_.msg ? zs_.msg : "inflate failed");
        done_ = true;
      }
    }
    return produced;
  }
  // Reads and drops n bytes; returns how many were there.
  size_t skip(size_t n) {
    uint8_t buf[1 << 15];
    size_t total = 0;
    while (total < n) {
      size_t want = std::min(n - total, sizeof buf);
      size_t got = read(buf, want);
      total += got;
      if (got < want) break;
    }
    return total;
  }
  ReadStatus status() const { return status_; }
  const std::string& detail() const { return detail_; }

 private:
  void fail(ReadStatus s, const std::string& d) {
    if (status_ == ReadStatus::Ok) {
      status_ = s;
      detail_ = d;
    }
    done_ = true;
  }
  FILE* f_;
  z_stream zs_;
  bool ok_ = false, done_ = false, stream_ended_ = false;
  ReadStatus status_ = ReadStatus::Ok;
  std::string detail_;
  uint8_t in_[1 << 16];
};

bool is_gzip(FILE* f) {
  uint8_t magic[2] = {0, 0};
  size_t got = std::fread(magic, 1, 2, f);
  std::fseek(f, 0, SEEK_SET);
  return got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

// Tar numeric fields: octal text, or base-256 when the first byte has its high bit set.
bool tar_number(const uint8_t* field, size_t len, uint64_t* out) {
  if (field[0] & 0x80) {
    uint64_t v = field[0] & 0x7f;
    for (size_t i = 1; i < len; ++i) {
      if (v >> 55) return false;
      v = (v << 8) | field[i];
    }
    *out = v;
    return true;
  }
  uint64_t v = 0;
  size_t i = 0;
  while (i < len && field[i] == ' ') ++i;
  bool any = false;
  for (; i < len && field[i] >= '0' && field[i] <= '7'; ++i) {
    if (v >> 60) return false;
    v = v * 8 + uint64_t(field[i] - '0');
    any = true;
  }
  for (; i < len; ++i)
    if (field[i] != ' ' && field[i] != 0) return false;
  *out = v;
  return any;
}

std::string tar_string(const uint8_t* field, size_t len) {
  size_t n = 0;
  while (n < len && field[n]) ++n;
  return std::string(reinterpret_cast<const char*>(field), n);
}

bool tar_checksum_ok(const uint8_t* h) {
  uint64_t stored;
  if (!tar_number(h + 148, 8, &stored)) return false;
  uint64_t sum = 0;
  for (int i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? uint8_t(' ') : h[i];
  return sum == stored;
}

// "len key=value\n" records of a pax header: the value of `path`, if any.
std::string pax_path(const std::vector<uint8_t>& data) {
  size_t pos = 0;
  std::string found;
  while (pos < data.size()) {
    size_t sp = pos;
    uint64_t len = 0;
    while (sp < data.size() && data[sp] >= '0' && data[sp] <= '9') len = len * 10 + uint64_t(data[sp++] - '0');
    if (sp >= data.size() || data[sp] != ' ' || len == 0 || pos + len > data.size()) break;
    std::string rec(reinterpret_cast<const char*>(data.data()) + sp + 1, size_t(pos + len - sp - 1));
    if (!rec.empty() && rec.back() == '\n') rec.pop_back();
    if (rec.compare(0, 5, "path=") == 0) found = rec.substr(5);
    pos += size_t(len);
  }
  return found;
}

}  // namespace

std::vector<uint8_t> read_file(const std::string& path, const std::string& who) {
  File f = open_or_throw(path, who, false);
  std::vector<uint8_t> out;
  read_all(f.get(), path, who, false, out);
  return out;
}

void read_file_into(const std::string& path, const std::string& who, std::vector<uint8_t>& out) {
  File f = open_or_throw(path, who, true);
  read_all(f.get(), path, who, true, out);
}

ReadResult read_maybe_gzip(const std::string& path, const std::string& who) {
  return read_maybe_gzip(path, who, {});
}

ReadResult read_maybe_gzip(const std::string& path, const std::string& who,
                           const std::function<uint64_t(const std::vector<uint8_t>&)>& bound) {
  File f = open_or_throw(path, who, false);
  ReadResult r;
  if (!is_gzip(f.get())) {
    read_all(f.get(), path, who, false, r.bytes);
    return r;
  }
  GzipReader gz(f.get());
  uint8_t buf[1 << 16];
  size_t got;
  uint64_t most = 0;  // 0: not known yet
  for (;;) {
    size_t want = bound && most == 0 ? 256 : sizeof buf;  // small reads until the header is known
    if (most > 0) {
      if (r.bytes.size() > most) break;  // one byte past what the header allows: enough to say so
      want = size_t(std::min<uint64_t>(want, most + 1 - r.bytes.size()));
    }
    if ((got = gz.read(buf, want)) == 0) break;
    r.bytes.insert(r.bytes.end(), buf, buf + got);
    if (most == 0 && bound) most = bound(r.bytes);
  }
  r.status = gz.status();
  r.detail = gz.detail();
  return r;
}

TarResult read_tar_gz(const std::string& path, const std::vector<std::string>& wanted, const std::string& who) {
  File f = open_or_throw(path, who, false);
  TarResult r;
  if (!is_gzip(f.get())) {
    r.status = ReadStatus::Corrupt;
    r.detail = "not a gzip file";
    return r;
  }
  GzipReader gz(f.get());
  std::vector<bool> found(wanted.size(), false);
  size_t remaining = wanted.size();
  std::string long_name;
  uint8_t h[512];
  auto corrupt = [&](const std::string& d) {
    r.status = ReadStatus::Corrupt;
    r.detail = d;
  };
  while (remaining > 0) {
    size_t got = gz.read(h, 512);
    if (got < 512) {
      if (gz.status() != ReadStatus::Ok) {
        r.status = gz.status();
        r.detail = gz.detail();
      } else if (got > 0) {
        r.status = ReadStatus::Truncated;
        r.detail = "the archive ends inside a header";
      }
      break;  // a clean end without the end-of-archive blocks: what was found stands
    }
    bool zero = std::all_of(h, h + 512, [](uint8_t b) { return b == 0; });
    if (zero) break;  // end of archive
    if (!tar_checksum_ok(h)) {
      corrupt("a tar header fails its checksum");
      break;
    }
    uint64_t size;
    if (!tar_number(h + 124, 12, &size)) {
      corrupt("a tar header has an unreadable size");
      break;
    }
    const char type = char(h[156]);
    std::string name = tar_string(h, 100);
    if (std::memcmp(h + 257, "ustar", 5) == 0) {
      std::string prefix = tar_string(h + 345, 155);
      if (!prefix.empty()) name = prefix + "/" + name;
    }
    if (!long_name.empty()) {
      name = long_name;
      long_name.clear();
    }
    const uint64_t padded = (size + 511) / 512 * 512;
    if (type == 'L' || type == 'x') {
      if (size > (1u << 20)) {
        corrupt("a tar extended header is implausibly large");
        break;
      }
      std::vector<uint8_t> data(static_cast<size_t>(size));
      if (gz.read(data.data(), data.size()) < data.size() || gz.skip(size_t(padded - size)) < padded - size) {
        r.status = gz.status() == ReadStatus::Ok ? ReadStatus::Truncated : gz.status();
        r.detail = gz.status() == ReadStatus::Ok ? "the archive ends inside an extended header" : gz.detail();
        break;
      }
      long_name = type == 'L' ? tar_string(data.data(), data.size()) : pax_path(data);
      continue;
    }
    const bool regular = type == '0' || type == '\0' || type == '7';
    size_t want = wanted.size();
    if (regular) {
      const std::string base = base_name(name);
      for (size_t k = 0; k < wanted.size(); ++k)
        if (!found[k] && wanted[k] == base) want = k;
    }
    if (want == wanted.size()) {
      if (gz.skip(size_t(padded)) < padded) {
        r.status = gz.status() == ReadStatus::Ok ? ReadStatus::Truncated : gz.status();
        r.detail = gz.status() == ReadStatus::Ok ? "the archive ends inside " + name : gz.detail();
        break;
      }
      continue;
    }
    TarMember m;
    m.name = name;
    // Grown as data arrives: a damaged size field cannot make us allocate what is not there.
    m.bytes.reserve(size_t(std::min<uint64_t>(size, uint64_t(1) << 26)));
    size_t n = 0;
    while (n < size) {
      const size_t step = size_t(std::min<uint64_t>(size - n, uint64_t(1) << 22));
      m.bytes.resize(n + step);
      const size_t got = gz.read(m.bytes.data() + n, step);
      n += got;
      if (got < step) break;
    }
    m.bytes.resize(n);
    found[want] = true;
    --remaining;
    if (n < size) {
      m.complete = false;
      r.members.push_back(std::move(m));
      r.status = gz.status() == ReadStatus::Ok ? ReadStatus::Truncated : gz.status();
      r.detail = gz.status() == ReadStatus::Ok ? "the archive ends inside " + name : gz.detail();
      break;
    }
    r.members.push_back(std::move(m));
    if (remaining > 0 && gz.skip(size_t(padded - size)) < padded - size) {
      r.status = gz.status() == ReadStatus::Ok ? ReadStatus::Truncated : gz.status();
      r.detail = gz.status() == ReadStatus::Ok ? "the archive ends inside " + name : gz.detail();
      break;
    }
  }
  return r;
}

}  // namespace mssar::data
