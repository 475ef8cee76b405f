// The RFC 4180 reader alone, on arbitrary bytes: it must return records or
// a located error, never crash, and re-quoting what it read must read back
// the same fields.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "graph/csv.h"

using namespace splot::graph;

namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& path, bool* ok) {
  std::vector<std::vector<std::string>> rows;
  auto reader = CsvReader::Open(path);
  *ok = reader.ok();
  if (!*ok) return rows;
  std::vector<std::string> fields;
  while (true) {
    auto more = (*reader)->Next(&fields);
    if (!more.ok()) {
      *ok = false;
      if (more.status().message().find(path + ":") != 0) __builtin_trap();  // errors are located
      return rows;
    }
    if (!*more) return rows;
    rows.push_back(fields);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = "/tmp/splot-fuzz-reader-" + std::to_string(::getpid()) + ".csv";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  bool ok;
  auto rows = ReadAll(path, &ok);
  if (ok) {
    std::string again;
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) again.push_back(',');
        // Quote every field so that empty rows and leading BOM bytes survive.
        again.push_back('"');
        for (char c : row[i]) {
          if (c == '"') again.push_back('"');
          again.push_back(c);
        }
        again.push_back('"');
      }
      again.push_back('\n');
    }
    std::ofstream(path, std::ios::binary) << again;
    bool ok2;
    auto rows2 = ReadAll(path, &ok2);
    if (!ok2 || rows2 != rows) __builtin_trap();
  }
  std::remove(path.c_str());
  return 0;
}
