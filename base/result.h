// Result<T>: a value or the Status that explains why there is none.
#ifndef SPLOT_BASE_RESULT_H_
#define SPLOT_BASE_RESULT_H_

#include <cassert>
#include <optional>
#include <utility>

#include "base/status.h"

namespace splot {

template <typename T>
class Result {
 public:
  // Implicit from a value and from a failed Status, so `return value;` and
  // `return Status::NotFound(...)` both work.
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "Result built from an OK status has no value");
    if (status_.ok()) status_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // Requires ok().
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace splot

#define SPLOT_CONCAT_INNER_(a, b) a##b
#define SPLOT_CONCAT_(a, b) SPLOT_CONCAT_INNER_(a, b)

// Declares `lhs` from a Result expression, or returns its Status on failure:
//   SPLOT_ASSIGN_OR_RETURN(auto node, store.GetNode(id));
#define SPLOT_ASSIGN_OR_RETURN(lhs, expr) \
  SPLOT_ASSIGN_OR_RETURN_IMPL_(SPLOT_CONCAT_(splot_result_, __LINE__), lhs, expr)
#define SPLOT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

#endif  // SPLOT_BASE_RESULT_H_
