// The ontology and gazetteer JSON loaders on arbitrary text: data is loaded
// or refused with an error naming the file and line.
#include <cstdint>
#include <string>

#include "ontology/gazetteer.h"
#include "ontology/ontology.h"

using namespace splot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ontology::Ontology types = [] {
    auto o = ontology::Ontology::LoadFile(std::string(SPLOT_SOURCE_DIR) + "/ontology/types.json");
    if (!o.ok()) __builtin_trap();
    return std::move(o).value();
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = ontology::Ontology::Parse(text, "fuzz-types.json");
  if (!parsed.ok() && parsed.status().message().find("fuzz-types.json") == std::string::npos)
    __builtin_trap();
  ontology::Gazetteer gazetteer;
  Status s = gazetteer.AddJson(text, "fuzz-gazetteer.json", types);
  if (!s.ok() && s.message().find("fuzz-gazetteer.json") == std::string::npos) __builtin_trap();
  if (s.ok()) gazetteer.Validate();
  return 0;
}
