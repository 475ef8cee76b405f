// RFC 4180 CSV: a streaming reader that reports where each record starts,
// and the field quoting the exporters use.
#ifndef SPLOT_GRAPH_CSV_H_
#define SPLOT_GRAPH_CSV_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace splot::graph {

class CsvReader {
 public:
  // Opens `path` for reading.  IOError names the path when it cannot be read.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, char delimiter = ',');
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields` (reusing their storage).  Returns
  // false at the end of the input.  Quoted fields may hold delimiters,
  // doubled quotes and line breaks.  InvalidArgument (with path:line) for a
  // quote left open at the end of the file or text after a closing quote.
  Result<bool> Next(std::vector<std::string>* fields);

  // 1-based line on which the last record returned by Next() starts.
  uint64_t record_line() const { return record_line_; }
  uint64_t bytes_read() const { return consumed_; }
  uint64_t file_size() const { return file_size_; }
  const std::string& path() const { return path_; }
  // "path:line", for messages about the current record.
  std::string Where() const { return path_ + ":" + std::to_string(record_line_); }

 private:
  CsvReader(std::string path, std::FILE* file, char delimiter, uint64_t size);
  bool Fill();  // refills buf_; false at end of file

  std::string path_;
  std::FILE* file_;
  char delimiter_;
  uint64_t file_size_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t len_ = 0;
  uint64_t consumed_ = 0;
  uint64_t line_ = 1;
  uint64_t record_line_ = 0;
  bool bom_checked_ = false;
};

// Appends `field` to `out`, quoted when it contains the delimiter, a quote,
// a line break, or leading/trailing spaces.
void AppendCsvField(std::string* out, std::string_view field, char delimiter = ',');

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_CSV_H_
