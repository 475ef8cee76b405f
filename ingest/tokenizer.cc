#include "ingest/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace splot::ingest {

namespace {

// What Classify asks ICU about a code point.
uint8_t PropertiesOf(UChar32 c) {
  uint8_t p = 0;
  if (u_isUWhiteSpace(c) || c == 0xFEFF) p |= Tokenizer::kSpace;
  if (u_isalpha(c)) p |= Tokenizer::kLetter;
  if (u_isdigit(c)) p |= Tokenizer::kDigit;
  return p;
}

// Classifies the bytes [begin, end) of `text`; returns false for white space.
// `ascii` holds PropertiesOf each ASCII character.
bool Classify(std::string_view text, size_t begin, size_t end, const uint8_t (&ascii)[128],
              TokenKind* kind) {
  bool letter = false, digit = false, visible = false;
  int32_t i = static_cast<int32_t>(begin);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < static_cast<int32_t>(end)) {
    UChar32 c;
    U8_NEXT(s, i, static_cast<int32_t>(end), c);
    if (c < 0) {  // an invalid byte: count it as visible text
      visible = true;
      continue;
    }
    const uint8_t p = c < 128 ? ascii[c] : PropertiesOf(c);
    if (p & Tokenizer::kSpace) continue;
    visible = true;
    if (p & Tokenizer::kLetter) letter = true;
    if (p & Tokenizer::kDigit) digit = true;
  }
  if (!visible) return false;
  *kind = letter ? TokenKind::kWord : digit ? TokenKind::kNumber : TokenKind::kPunct;
  return true;
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> Tokenizer::Create() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> bi(
      icu::BreakIterator::createWordInstance(icu::Locale("pl"), status));
  if (U_FAILURE(status) || !bi) {
    return Status::Internal(std::string("ICU word break iterator unavailable: ") +
                            u_errorName(status));
  }
  return std::unique_ptr<Tokenizer>(new Tokenizer(std::move(bi)));
}

Tokenizer::Tokenizer(std::unique_ptr<icu::BreakIterator> prototype)
    : prototype_(std::move(prototype)) {
  for (UChar32 c = 0; c < 128; ++c) ascii_[c] = PropertiesOf(c);
}

Tokenizer::~Tokenizer() = default;

std::unique_ptr<icu::BreakIterator> Tokenizer::Acquire() const {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  if (!pool_.empty()) {
    std::unique_ptr<icu::BreakIterator> it = std::move(pool_.back());
    pool_.pop_back();
    return it;
  }
  return std::unique_ptr<icu::BreakIterator>(prototype_->clone());
}

void Tokenizer::Release(std::unique_ptr<icu::BreakIterator> iterator) const {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  pool_.push_back(std::move(iterator));
}

std::vector<TokenSpan> Tokenizer::Tokenize(std::string_view utf8) const {
  std::vector<TokenSpan> tokens;
  if (utf8.empty()) return tokens;
  UErrorCode status = U_ZERO_ERROR;
  UText* text = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return tokens;
  std::unique_ptr<icu::BreakIterator> bi = Acquire();
  bi->setText(text, status);
  if (U_SUCCESS(status)) {
    int32_t start = bi->first();
    for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
      TokenSpan span;
      span.begin = static_cast<size_t>(start);
      span.end = static_cast<size_t>(end);
      if (Classify(utf8, span.begin, span.end, ascii_, &span.kind)) tokens.push_back(span);
    }
  }
  // Detach the iterator from the UText before closing it.
  bi->setText(icu::UnicodeString());
  Release(std::move(bi));
  utext_close(text);
  return tokens;
}

}  // namespace splot::ingest
