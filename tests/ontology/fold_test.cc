// NameFolder: the table of Latin letters folds exactly as the ICU
// transliterator does.
#include "base/fold.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

namespace splot {
namespace {

std::string IcuFold(icu::Transliterator& t, const std::string& utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(utf8);
  t.transliterate(text);
  std::string out;
  text.toUTF8String(out);
  return NormalizeAsciiKey(out);
}

TEST_CASE("names fold as the ICU transliterator folds them", "[fold]") {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> icu(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  REQUIRE(U_SUCCESS(status));
  NameFolder folder;
  for (const char* name :
       {"Mińska Fabryka Traktorów", "ŻÓŁĆ gęślą jaźń", "Łukaszenka", "Grodno-Ałmaty", "Straße",
        "Œuvre Ærø", "MiĔsku siĊ", "Ташкент", "Tashkent 2019", "Ĳssel ŉ", "Ğ Ī Ċ",
        "Uzbekistan – Białoruś", "na ‘rynek’ uzbecki"}) {
    INFO(name);
    CHECK(folder.Fold(name) == IcuFold(*icu, name));
  }
  // Every letter of Latin-1 and Latin Extended-A, alone and inside a word.
  for (char32_t c = 0x80; c < 0x250; ++c) {
    std::string letter;
    icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(letter);
    INFO("U+" << std::hex << static_cast<uint32_t>(c));
    CHECK(folder.Fold(letter) == IcuFold(*icu, letter));
    CHECK(folder.Fold("ab" + letter + "cd") == IcuFold(*icu, "ab" + letter + "cd"));
  }
}

}  // namespace
}  // namespace splot
