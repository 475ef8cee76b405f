#include "ingest/tokenizer.h"

#include <catch2/catch.hpp>

namespace splot::ingest {
namespace {

std::vector<std::string> Texts(std::string_view s, const std::vector<TokenSpan>& spans) {
  std::vector<std::string> out;
  for (const TokenSpan& t : spans) out.emplace_back(s.substr(t.begin, t.end - t.begin));
  return out;
}

TEST_CASE("words, numbers and punctuation with byte offsets", "[tokenizer]") {
  auto tok = Tokenizer::Create();
  REQUIRE(tok.ok());
  std::string s = "W Mińsku, 12 maja 2023 r., podpisano umowę.";
  auto spans = (*tok)->Tokenize(s);
  CHECK(Texts(s, spans) == std::vector<std::string>{"W", "Mińsku", ",", "12", "maja", "2023", "r",
                                                    ".", ",", "podpisano", "umowę", "."});
  // Offsets are bytes: "Mińsku" has a two-byte letter.
  CHECK(spans[1].begin == 2);
  CHECK(spans[1].end == 9);
  CHECK(spans[1].kind == TokenKind::kWord);
  CHECK(spans[2].kind == TokenKind::kPunct);
  CHECK(spans[3].kind == TokenKind::kNumber);
}

TEST_CASE("hyphens and quotes are tokens of their own", "[tokenizer]") {
  auto tok = Tokenizer::Create();
  REQUIRE(tok.ok());
  std::string s = "WSE \"Homel-Raton\" i białorusko-uzbecka komisja";
  CHECK(Texts(s, (*tok)->Tokenize(s)) == std::vector<std::string>{"WSE", "\"", "Homel", "-",
                                                                  "Raton", "\"", "i", "białorusko",
                                                                  "-", "uzbecka", "komisja"});
  std::string typographic = "koncern „Bellegprom” i «Kalinka»";
  CHECK(Texts(typographic, (*tok)->Tokenize(typographic)) ==
        std::vector<std::string>{"koncern", "„", "Bellegprom", "”", "i", "«", "Kalinka", "»"});
}

TEST_CASE("ICU keeps abbreviations with inner periods, decimals and alphanumerics whole",
          "[tokenizer]") {
  auto tok = Tokenizer::Create();
  REQUIRE(tok.ok());
  std::string s = "m.in. T811 i 1,2 tys. oraz Charog'on";
  auto texts = Texts(s, (*tok)->Tokenize(s));
  CHECK(texts ==
        std::vector<std::string>{"m.in", ".", "T811", "i", "1,2", "tys", ".", "oraz", "Charog'on"});
}

TEST_CASE("empty and blank input give no tokens", "[tokenizer]") {
  auto tok = Tokenizer::Create();
  REQUIRE(tok.ok());
  CHECK((*tok)->Tokenize("").empty());
  CHECK((*tok)->Tokenize("   \n\t ").empty());
}

}  // namespace
}  // namespace splot::ingest
