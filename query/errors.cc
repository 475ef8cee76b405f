#include "query/errors.h"

#include <algorithm>

namespace splot::query {

namespace {

// Number of UTF-8 code points in `s` (continuation bytes not counted).
size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string FormatQueryError(const QueryError& error, std::string_view text) {
  std::string out = error.type;
  if (!error.detail.empty()) out += " (" + error.detail + ")";
  if (error.pos.line > 0) {
    out += " at line " + std::to_string(error.pos.line) + ", column " +
           std::to_string(error.pos.column);
  }
  out += ": " + error.message;
  if (error.pos.line <= 0) return out;
  // Find the query line the error is on.
  size_t start = 0;
  for (int line = 1; line < error.pos.line && start < text.size(); ++line) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      start = text.size();
      break;
    }
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t column = static_cast<size_t>(std::max(1, error.pos.column));
  size_t width = CodePoints(line);
  if (column > width + 1) column = width + 1;
  out += "\n  ";
  out += line;
  out += "\n  ";
  // Keep tabs so the caret lines up under tab-indented text.
  size_t seen = 0;
  for (size_t i = 0; i < line.size() && seen + 1 < column; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    out += line[i] == '\t' ? '\t' : ' ';
    ++seen;
  }
  out += "^";
  return out;
}

Status ToStatus(const QueryError& error, std::string_view text) {
  std::string msg = FormatQueryError(error, text);
  switch (error.code) {
    case Status::Code::kTimeout:
      return Status::Timeout(msg);
    case Status::Code::kResourceExhausted:
      return Status::ResourceExhausted(msg);
    case Status::Code::kCancelled:
      return Status::Cancelled(msg);
    case Status::Code::kNotFound:
      return Status::NotFound(msg);
    case Status::Code::kIOError:
      return Status::IOError(msg);
    case Status::Code::kCorruption:
      return Status::Corruption(msg);
    case Status::Code::kInternal:
      return Status::Internal(msg);
    case Status::Code::kUnsupported:
      return Status::Unsupported(msg);
    case Status::Code::kBusy:
      return Status::Busy(msg);
    default:
      return Status::InvalidArgument(msg);
  }
}

void ThrowSyntax(std::string detail, SourcePos pos, std::string message) {
  ThrowCompile("SyntaxError", std::move(detail), pos, std::move(message));
}

void ThrowCompile(std::string type, std::string detail, SourcePos pos, std::string message) {
  QueryError e;
  e.type = std::move(type);
  e.detail = std::move(detail);
  e.pos = pos;
  e.message = std::move(message);
  e.compile_time = true;
  throw QueryException(std::move(e));
}

void ThrowRuntime(std::string type, std::string detail, std::string message) {
  QueryError e;
  e.type = std::move(type);
  e.detail = std::move(detail);
  e.message = std::move(message);
  e.compile_time = false;
  throw QueryException(std::move(e));
}

void ThrowLimit(Status::Code code, std::string message) {
  QueryError e;
  e.type = code == Status::Code::kTimeout     ? "Timeout"
           : code == Status::Code::kCancelled ? "Cancelled"
                                              : "ResourceExhausted";
  e.detail.clear();
  e.message = std::move(message);
  e.compile_time = false;
  e.code = code;
  throw QueryException(std::move(e));
}

}  // namespace splot::query
