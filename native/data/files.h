// Reading the files datasets come in: plain files, gzip files (.gz, detected by their magic bytes)
// and the members of a .tar.gz archive, with zlib. Truncation and corruption are reported, not
// guessed around: the caller decides whether to stop or to keep the whole records it got.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mssar::data {

bool is_dir(const std::string& path);
bool is_file(const std::string& path);
bool exists(const std::string& path);
std::string join_path(const std::string& a, const std::string& b);
std::string base_name(const std::string& path);
bool ends_with(const std::string& s, const std::string& suffix);
std::string lower(std::string s);

enum class ReadStatus { Ok, Truncated, Corrupt };

struct ReadResult {
  std::vector<uint8_t> bytes;
  ReadStatus status = ReadStatus::Ok;
  std::string detail;  // what went wrong, when status is not Ok
};

// The whole file. Throws Error "<who>: cannot read <path>: <reason>" when it cannot be opened.
std::vector<uint8_t> read_file(const std::string& path, const std::string& who);
// Same, into a reused buffer; throws DataError (a bad sample, which a loader may skip).
void read_file_into(const std::string& path, const std::string& who, std::vector<uint8_t>& out);

// The file's bytes, gunzipped when it starts with the gzip magic (1f 8b). A gzip stream that ends
// early is Truncated (bytes holds what was inflated), one that fails to inflate is Corrupt.
ReadResult read_maybe_gzip(const std::string& path, const std::string& who);
// Same, with the size bounded by the file's own header: `bound` is called as bytes arrive and
// returns 0 while it needs more, else the most bytes the file may hold; inflating stops one byte
// past it (so trailing bytes still show), never inflating a gzip bomb whole before its header is
// checked.
ReadResult read_maybe_gzip(const std::string& path, const std::string& who,
                           const std::function<uint64_t(const std::vector<uint8_t>&)>& bound);

struct TarMember {
  std::string name;  // the path stored in the archive
  std::vector<uint8_t> bytes;
  bool complete = true;  // false when the archive ended inside this member
};

struct TarResult {
  std::vector<TarMember> members;  // the wanted members found, in archive order
  ReadStatus status = ReadStatus::Ok;
  std::string detail;
};

// Members of a gzipped tar archive whose base names are in `wanted` (regular files only; ustar,
// GNU long names and pax path records understood). Stops reading once every wanted name is found.
// Throws Error when the archive cannot be opened.
TarResult read_tar_gz(const std::string& path, const std::vector<std::string>& wanted, const std::string& who);

}  // namespace mssar::data
