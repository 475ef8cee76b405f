// Tokenizer: ICU word segmentation of one sentence, with UTF-8 byte offsets.
//
// Words, numbers and single punctuation marks become tokens; runs of white
// space do not.  ICU's rules keep "m.in", "Charog'on", "T811" and "1,2"
// whole and split "Homel-Raton" into "Homel", "-", "Raton", so a hyphen is a
// token of its own that later stages may treat as transparent.
#ifndef SPLOT_INGEST_TOKENIZER_H_
#define SPLOT_INGEST_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>

#include "base/result.h"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace splot::ingest {

enum class TokenKind {
  kWord,    // contains at least one letter ("Mińsk", "T811", "m.in")
  kNumber,  // digits and number punctuation only ("2019", "1,2")
  kPunct,   // one mark that is neither: ".", ",", "\"", "-", "(" ...
};

struct TokenSpan {
  size_t begin = 0;  // byte offset in the sentence
  size_t end = 0;    // one past the last byte
  TokenKind kind = TokenKind::kPunct;
};

class Tokenizer {
 public:
  // Builds the ICU word break iterator for Polish; fails only when ICU's
  // data is missing.
  static Result<std::unique_ptr<Tokenizer>> Create();
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Returns the tokens of `utf8` in order.  Invalid UTF-8 sequences are
  // kept inside the neighbouring token rather than dropped.  Thread-safe.
  std::vector<TokenSpan> Tokenize(std::string_view utf8) const;

  // Properties of a code point that decide a token's kind.
  enum Property : uint8_t { kSpace = 1, kLetter = 2, kDigit = 4 };

 private:
  explicit Tokenizer(std::unique_ptr<icu::BreakIterator> prototype);

  std::unique_ptr<icu::BreakIterator> Acquire() const;
  void Release(std::unique_ptr<icu::BreakIterator> iterator) const;

  std::unique_ptr<icu::BreakIterator> prototype_;
  // Break iterators keep per-text state, so concurrent callers each take
  // one from this pool (cloned from the prototype when it is empty).
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<icu::BreakIterator>> pool_;
  // The Property bits of each ASCII character, asked of ICU once.
  uint8_t ascii_[128] = {};
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_TOKENIZER_H_
