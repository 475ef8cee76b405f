#include "base/fold.h"

#include <cctype>

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace splot {

namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string NormalizeAsciiKey(std::string_view ascii) {
  std::string out;
  out.reserve(ascii.size());
  bool pending_space = false;
  for (unsigned char c : ascii) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

namespace {

constexpr char32_t kLatinEnd = 0x180;
const char kNoFastPath[] = "\x01";

}  // namespace

NameFolder::NameFolder() {
  UErrorCode status = U_ZERO_ERROR;
  transliterator_.reset(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) {
    transliterator_.reset();
    return;
  }
  latin_.assign(kLatinEnd, kNoFastPath);
  for (char32_t c = 0x80; c < kLatinEnd; ++c) {
    icu::UnicodeString text(static_cast<UChar32>(c));
    transliterator_->transliterate(text);
    std::string folded;
    text.toUTF8String(folded);
    if (IsAscii(folded)) latin_[c] = folded;
  }
}

NameFolder::~NameFolder() = default;

std::string NameFolder::Fold(std::string_view utf8) const {
  if (IsAscii(utf8) || !transliterator_) return NormalizeAsciiKey(utf8);
  // Letters of the Latin blocks fold one by one from the table.
  std::string ascii;
  ascii.reserve(utf8.size());
  bool fast = true;
  for (size_t i = 0; i < utf8.size() && fast;) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      ascii.push_back(static_cast<char>(c));
      ++i;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size() &&
               (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80) {
      char32_t cp =
          (static_cast<char32_t>(c & 0x1F) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3F);
      fast = cp >= 0x80 && cp < kLatinEnd && latin_[cp] != kNoFastPath;
      if (fast) ascii += latin_[cp];
      i += 2;
    } else {
      fast = false;
    }
  }
  if (fast) return NormalizeAsciiKey(ascii);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    transliterator_->transliterate(text);
  }
  std::string folded;
  text.toUTF8String(folded);
  return NormalizeAsciiKey(folded);
}

std::vector<std::string> NameFolder::FoldTokens(std::string_view utf8) const {
  std::vector<std::string> tokens;
  std::string folded = Fold(utf8);
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    tokens.emplace_back(folded, start, end - start);
    start = end + 1;
  }
  return tokens;
}

bool EqualsAsciiIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace splot
