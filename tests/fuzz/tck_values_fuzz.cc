// The TCK value-literal parser on arbitrary text: a value or an error,
// never a crash; nesting is bounded.
#include <cstdint>
#include <string>

#include "tests/tck/tck_values.h"

using namespace splot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto v = tck::ParseTckValue(text);
  (void)v;
  return 0;
}
