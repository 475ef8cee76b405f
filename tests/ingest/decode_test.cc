#include "ingest/decode.h"

#include <catch2/catch.hpp>

#include <unicode/ucnv.h>

#include <string>
#include <vector>

#include "tests/test_support.h"

namespace splot::ingest {
namespace {

// Encodes UTF-8 `text` in `encoding` with ICU.
std::string Encode(const std::string& text, const char* encoding) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(text.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           text.data(), static_cast<int32_t>(text.size()), &status);
  REQUIRE(U_SUCCESS(status));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::vector<std::string> AllLines(LineDecoder* decoder) {
  std::vector<std::string> lines;
  std::string line;
  while (true) {
    auto more = decoder->NextLine(&line);
    REQUIRE(more.ok());
    if (!*more) break;
    lines.push_back(line);
  }
  return lines;
}

const std::string kPolish =
    "Zakład w Łodzi podpisał umowę.\nŚwięto żniw, gęś i źdźbło.\nSpółka z Taszkentu.\n";

TEST_CASE("Decoding accepts the supported encodings and detects them", "[decode]") {
  struct Case {
    const char* name;
    std::string bytes;
    const char* encoding;
  };
  const std::vector<Case> cases = {
      {"UTF-8", kPolish, "UTF-8"},
      {"UTF-8 with BOM", "\xEF\xBB\xBF" + kPolish, "UTF-8"},
      {"UTF-16LE with BOM", "\xFF\xFE" + Encode(kPolish, "UTF-16LE"), "UTF-16LE"},
      {"UTF-16BE with BOM", "\xFE\xFF" + Encode(kPolish, "UTF-16BE"), "UTF-16BE"},
      {"Windows-1250", Encode(kPolish, "windows-1250"), "windows-1250"},
      {"ISO-8859-2", Encode(kPolish, "ISO-8859-2"), "ISO-8859-2"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto decoder = LineDecoder::FromBytes(c.bytes, c.name, {});
    REQUIRE(decoder.ok());
    CHECK((*decoder)->encoding() == c.encoding);
    const auto lines = AllLines(decoder->get());
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "Zakład w Łodzi podpisał umowę.");
    CHECK(lines[1] == "Święto żniw, gęś i źdźbło.");
    CHECK(lines[2] == "Spółka z Taszkentu.");
  }
}

TEST_CASE("A Windows-1250 file written by hand decodes", "[decode]") {
  auto decoder = LineDecoder::Open((testing::TestDataDir() / "ingest" / "cp1250.txt").string(), {});
  REQUIRE(decoder.ok());
  CHECK((*decoder)->encoding() == "windows-1250");
  const auto lines = AllLines(decoder->get());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "Spółka z Łodzi podpisała umowę z partnerem z Taszkentu.");
  CHECK(lines[1] == "Zażółć gęślą jaźń, a ŚWIĘTO się zaczyna.");
}

TEST_CASE("A forced encoding overrides detection", "[decode]") {
  // Windows-1250 text read as ISO-8859-2 gives another letter for ą.
  const std::string bytes = Encode("ą ł\n", "windows-1250");
  DecodeOptions forced;
  forced.encoding = "ISO-8859-2";
  auto decoder = LineDecoder::FromBytes(bytes, "forced", forced);
  REQUIRE(decoder.ok());
  CHECK((*decoder)->encoding() == "ISO-8859-2");
  const auto lines = AllLines(decoder->get());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "š ł");
  CHECK(lines[0].find("ł") != std::string::npos);  // shared by both code pages

  DecodeOptions unknown;
  unknown.encoding = "no-such-encoding";
  auto bad = LineDecoder::FromBytes(bytes, "forced", unknown);
  REQUIRE(!bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("unknown encoding"));
}

TEST_CASE("A binary file is refused with its path and byte offset", "[decode]") {
  const std::string path = (testing::TestDataDir() / "ingest" / "binary.bin").string();
  auto decoder = LineDecoder::Open(path, {});
  REQUIRE(!decoder.ok());
  CHECK(decoder.status().IsInvalidArgument());
  CHECK_THAT(decoder.status().message(), Catch::Contains(path));
  CHECK_THAT(decoder.status().message(), Catch::Contains("binary content"));
  CHECK_THAT(decoder.status().message(), Catch::Contains("byte offset 6"));

  auto nul = LineDecoder::FromBytes(std::string("tekst\0dalej", 11), "nul.txt", {});
  REQUIRE(!nul.ok());
  CHECK_THAT(nul.status().message(),
             Catch::Contains("nul.txt: binary content (NUL byte) at byte offset 5"));
}

TEST_CASE("Bytes that do not decode are refused with their offset", "[decode]") {
  // Valid UTF-8 for far beyond the detection sample, then a stray byte.
  std::string bytes(100000, 'a');
  bytes += "\nzażółć\n";
  const size_t bad_offset = bytes.size();
  bytes += "\xC3\x28 koniec\n";
  auto decoder = LineDecoder::FromBytes(bytes, "late.txt", {});
  REQUIRE(decoder.ok());
  std::string line;
  Status status;
  while (true) {
    auto more = (*decoder)->NextLine(&line);
    if (!more.ok()) {
      status = more.status();
      break;
    }
    REQUIRE(*more);
  }
  CHECK(status.IsInvalidArgument());
  CHECK_THAT(status.message(), Catch::Contains("late.txt"));
  CHECK_THAT(status.message(), Catch::Contains("byte offset " + std::to_string(bad_offset)));

  // An undefined Windows-1250 byte when that encoding is forced.
  DecodeOptions cp1250;
  cp1250.encoding = "windows-1250";
  auto undefined = LineDecoder::FromBytes("ab\x98\n", "cp.txt", cp1250);
  REQUIRE(undefined.ok());
  auto more = (*undefined)->NextLine(&line);
  REQUIRE(!more.ok());
  CHECK_THAT(more.status().message(), Catch::Contains("byte offset 2"));
}

TEST_CASE("An empty file decodes to no lines", "[decode]") {
  auto decoder = LineDecoder::Open((testing::TestDataDir() / "ingest" / "empty.txt").string(), {});
  REQUIRE(decoder.ok());
  CHECK((*decoder)->encoding() == "UTF-8");
  CHECK(AllLines(decoder->get()).empty());
}

TEST_CASE("Lines split at LF, CR LF, CR and form feed", "[decode]") {
  auto decoder = LineDecoder::FromBytes("a\r\nb\rc\fd\ne", "breaks", {});
  REQUIRE(decoder.ok());
  CHECK(AllLines(decoder->get()) == std::vector<std::string>{"a", "b", "c", "d", "e"});
  CHECK((*decoder)->line_number() == 5);
}

TEST_CASE("A missing file is NotFound", "[decode]") {
  auto decoder = LineDecoder::Open("/no/such/file.txt", {});
  REQUIRE(!decoder.ok());
  CHECK(decoder.status().IsNotFound());
}

}  // namespace
}  // namespace splot::ingest
