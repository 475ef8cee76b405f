#include "graph/csv.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace splot::graph {

namespace {
constexpr size_t kBufferSize = 1 << 20;
}

CsvReader::CsvReader(std::string path, std::FILE* file, char delimiter, uint64_t size)
    : path_(std::move(path)),
      file_(file),
      delimiter_(delimiter),
      file_size_(size),
      buf_(kBufferSize) {}

CsvReader::~CsvReader() {
  if (file_) std::fclose(file_);
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, char delimiter) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
  struct stat st;
  uint64_t size = ::fstat(fileno(f), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  if (::fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    std::fclose(f);
    return Status::InvalidArgument(path + " is a directory, not a CSV file");
  }
  return std::unique_ptr<CsvReader>(new CsvReader(path, f, delimiter, size));
}

bool CsvReader::Fill() {
  len_ = std::fread(buf_.data(), 1, buf_.size(), file_);
  pos_ = 0;
  if (!bom_checked_) {
    bom_checked_ = true;
    if (len_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) {
      pos_ = 3;
      consumed_ += 3;
    }
  }
  return pos_ < len_;
}

Result<bool> CsvReader::Next(std::vector<std::string>* fields) {
  size_t count = 0;
  auto field = [&]() -> std::string& {
    if (count == fields->size()) fields->emplace_back();
    std::string& f = (*fields)[count];
    return f;
  };
  if (pos_ >= len_ && !Fill()) {
    fields->clear();
    return false;
  }
  record_line_ = line_;
  field().clear();
  enum { kStart, kPlain, kQuoted, kQuoteInQuoted } state = kStart;
  while (true) {
    if (pos_ >= len_ && !Fill()) break;
    // Fast path: copy a run of plain characters at once.
    if (state == kPlain || state == kStart) {
      const char* begin = buf_.data() + pos_;
      const char* end = buf_.data() + len_;
      const char* p = begin;
      while (p < end && *p != delimiter_ && *p != '\n' && *p != '\r' && *p != '"') ++p;
      if (p > begin) {
        if (state == kStart) state = kPlain;
        (*fields)[count].append(begin, p);
        consumed_ += static_cast<uint64_t>(p - begin);
        pos_ += static_cast<size_t>(p - begin);
        if (pos_ >= len_) continue;
      }
    }
    char c = buf_[pos_++];
    ++consumed_;
    switch (state) {
      case kStart:
      case kPlain:
        if (c == delimiter_) {
          ++count;
          field().clear();
          state = kStart;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r') {
            if (pos_ >= len_) Fill();
            if (pos_ < len_ && buf_[pos_] == '\n') {
              ++pos_;
              ++consumed_;
            }
          }
          ++line_;
          fields->resize(count + 1);
          return true;
        } else if (c == '"' && state == kStart) {
          state = kQuoted;
        } else {
          (*fields)[count].push_back(c);
          state = kPlain;
        }
        break;
      case kQuoted:
        if (c == '"') {
          state = kQuoteInQuoted;
        } else {
          if (c == '\n') ++line_;
          (*fields)[count].push_back(c);
        }
        break;
      case kQuoteInQuoted:
        if (c == '"') {
          (*fields)[count].push_back('"');
          state = kQuoted;
        } else if (c == delimiter_) {
          ++count;
          field().clear();
          state = kStart;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r') {
            if (pos_ >= len_) Fill();
            if (pos_ < len_ && buf_[pos_] == '\n') {
              ++pos_;
              ++consumed_;
            }
          }
          ++line_;
          fields->resize(count + 1);
          return true;
        } else {
          return Status::InvalidArgument(Where() +
                                         ": unexpected character after a closing quote "
                                         "(a quote inside a field must be doubled)");
        }
        break;
    }
  }
  if (state == kQuoted) {
    return Status::InvalidArgument(Where() +
                                   ": a quoted field is not closed before the end of the file");
  }
  fields->resize(count + 1);
  return true;
}

void AppendCsvField(std::string* out, std::string_view field, char delimiter) {
  bool quote = !field.empty() && (field.front() == ' ' || field.back() == ' ');
  for (char c : field) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace splot::graph
