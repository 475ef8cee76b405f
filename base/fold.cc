#include "base/fold.h"

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

NameFolder::NameFolder() {
  UErrorCode status = U_ZERO_ERROR;
  transliterator_.reset(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) transliterator_.reset();
}

NameFolder::~NameFolder() = default;

std::string NameFolder::Fold(std::string_view utf8) const {
  if (IsAscii(utf8) || !transliterator_) return NormalizeAsciiKey(utf8);
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

}  // namespace splot
