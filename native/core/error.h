// The one exception type of the native code. Every message starts with the op's name, so the
// binding can hand it to JavaScript as it is.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace mssar {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& msg) : std::runtime_error(msg) {}
};

// Out of memory on a device; the CUDA convolution catches it to try the next algorithm. The
// allocators do not know which op asked for the memory: they raise it unnamed (`names_op` false)
// and the binding's guard puts the name of the entry that was running in front.
class OutOfMemory : public Error {
 public:
  explicit OutOfMemory(const std::string& msg, bool names_op = true) : Error(msg), names_op_(names_op) {}
  bool names_op() const { return names_op_; }

 private:
  bool names_op_;
};

namespace detail {
inline void append(std::ostringstream&) {}
template <class T, class... R>
void append(std::ostringstream& o, const T& v, const R&... rest) {
  o << v;
  append(o, rest...);
}
}  // namespace detail

template <class... A>
[[noreturn]] void fail(const A&... parts) {
  std::ostringstream o;
  detail::append(o, parts...);
  throw Error(o.str());
}

template <class... A>
std::string cat(const A&... parts) {
  std::ostringstream o;
  detail::append(o, parts...);
  return o.str();
}

}  // namespace mssar

// MSSAR_CHECK(cond, "conv2d", ": weight must be 4-d, got ", shape_str(w.shape()))
#define MSSAR_CHECK(cond, ...)            \
  do {                                    \
    if (!(cond)) ::mssar::fail(__VA_ARGS__); \
  } while (0)
