// The document reader (decoding, repair, layout, markers, segmentation) on
// arbitrary bytes: a document is read or refused with a located error.
#include <cstdint>
#include <string>

#include "ingest/reader.h"

using namespace splot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::shared_ptr<const ontology::TextRules> rules = [] {
    auto r = ontology::LoadTextRules(ontology::DefaultTextRulesDir());
    if (!r.ok()) __builtin_trap();
    return std::make_shared<const ontology::TextRules>(std::move(r).value());
  }();
  ingest::ReaderOptions options;
  options.rules = rules;
  options.ingested_at = "2026-01-01T00:00:00Z";
  auto doc = ingest::ReadDocumentFromBytes(std::string(reinterpret_cast<const char*>(data), size),
                                           "fuzz.txt", options);
  if (!doc.ok()) {
    if (doc.status().message().find("fuzz.txt") == std::string::npos) __builtin_trap();  // located
    return 0;
  }
  for (const auto& s : doc->sentences) {
    if (s.first_line < 1 || s.last_line < s.first_line) __builtin_trap();
  }
  return 0;
}
