// Status: the error value passed across module boundaries.
//
// Every public function that can fail returns a Status or a Result<T>.  A
// Status carries a code, which callers branch on, and a message written for
// the person who will read it: it names the file and line, or the query line
// and column, where the problem is.
#ifndef SPLOT_BASE_STATUS_H_
#define SPLOT_BASE_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

namespace splot {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,    // the user gave something malformed (bad file, bad query)
    kNotFound,           // the thing asked for does not exist
    kAlreadyExists,      // creating something that is already there
    kCorruption,         // stored data does not decode
    kIOError,            // the file system or RocksDB failed
    kBusy,               // another process holds the store's write lock
    kUnsupported,        // well-formed but not handled (e.g. a newer format)
    kResourceExhausted,  // a limit (rows, memory, depth) was exceeded
    kTimeout,            // a deadline passed
    kCancelled,          // the user interrupted the work
    kInternal,           // a bug: an invariant did not hold
  };

  // Creates the success value.
  Status() = default;

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) {
    return Status(Code::kAlreadyExists, std::move(msg));
  }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status ResourceExhausted(std::string msg) {
    return Status(Code::kResourceExhausted, std::move(msg));
  }
  static Status Timeout(std::string msg) { return Status(Code::kTimeout, std::move(msg)); }
  static Status Cancelled(std::string msg) { return Status(Code::kCancelled, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsBusy() const { return code_ == Code::kBusy; }

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

  // Returns "OK" or "<code name>: <message>".
  std::string ToString() const;

  // Returns the stable name of a code, e.g. "InvalidArgument".
  static const char* CodeName(Code code);

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace splot

// Evaluates `expr` (a Status) and returns it from the enclosing function if it failed.
#define SPLOT_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::splot::Status splot_status_ = (expr);        \
    if (!splot_status_.ok()) return splot_status_; \
  } while (0)

#endif  // SPLOT_BASE_STATUS_H_
