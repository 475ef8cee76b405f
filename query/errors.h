// Query errors: what went wrong, where, and under which openCypher name.
//
// Every error the query layer reports carries the openCypher TCK's error type
// (SyntaxError, TypeError, ...) and detail (UnexpectedSyntax,
// VariableAlreadyBound, ...), whether it was found before execution started
// (compile time) or during it, and the query line and column when known.
// Inside query/ errors travel as QueryException; the public API turns them
// into Status values.
#ifndef SPLOT_QUERY_ERRORS_H_
#define SPLOT_QUERY_ERRORS_H_

#include <exception>
#include <string>
#include <string_view>

#include "base/status.h"

namespace splot::query {

struct SourcePos {
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based, in characters
  size_t offset = 0;
};

struct QueryError {
  std::string type = "SyntaxError";
  std::string detail = "UnexpectedSyntax";
  bool compile_time = true;
  SourcePos pos;
  std::string message;
  // The Status code the error maps to (InvalidArgument for mistakes in the
  // query, Timeout, ResourceExhausted, Cancelled for limits, ...).
  Status::Code code = Status::Code::kInvalidArgument;
};

// Formats `error` for a person: the names, "line L, column C", the message,
// and, when the position is known, the query line with a caret under the
// offending text.
std::string FormatQueryError(const QueryError& error, std::string_view query_text);

// Builds the Status for `error` with FormatQueryError's text.
Status ToStatus(const QueryError& error, std::string_view query_text);

// Thrown inside query/ and caught at the Engine boundary.
class QueryException : public std::exception {
 public:
  explicit QueryException(QueryError error) : error_(std::move(error)) {}
  const QueryError& error() const { return error_; }
  QueryError& error() { return error_; }
  const char* what() const noexcept override { return error_.message.c_str(); }

 private:
  QueryError error_;
};

// Shorthands for throwing.
[[noreturn]] void ThrowSyntax(std::string detail, SourcePos pos, std::string message);
[[noreturn]] void ThrowRuntime(std::string type, std::string detail, std::string message);
[[noreturn]] void ThrowCompile(std::string type, std::string detail, SourcePos pos,
                               std::string message);
[[noreturn]] void ThrowLimit(Status::Code code, std::string message);

}  // namespace splot::query

#endif  // SPLOT_QUERY_ERRORS_H_
