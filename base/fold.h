// NameFolder: the one definition of how names are compared.
//
// Folding maps a name to its match key: any script transliterated to Latin,
// diacritics dropped (ICU "Any-Latin; Latin-ASCII; Lower", which also folds
// ł to l, unlike NFD), lowercased, and every run of characters that are not
// letters or digits collapsed to one space.  So "Obwód Grodzieński",
// "obwod grodzienski" and "OBWÓD  GRODZIEŃSKI!" share the key
// "obwod grodzienski", and "Минск" folds to "minsk".
#ifndef SPLOT_BASE_FOLD_H_
#define SPLOT_BASE_FOLD_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace splot {

class NameFolder {
 public:
  // Builds the ICU transliterator once; construction costs a few
  // milliseconds, so owners keep one folder for their lifetime.
  NameFolder();
  ~NameFolder();
  NameFolder(const NameFolder&) = delete;
  NameFolder& operator=(const NameFolder&) = delete;

  // Returns the match key of `utf8`; "" when it has no letters or digits.
  // Thread-safe.  Pure-ASCII input takes a fast path that never calls ICU.
  std::string Fold(std::string_view utf8) const;

  // Returns the space-separated words of Fold(utf8).
  std::vector<std::string> FoldTokens(std::string_view utf8) const;

 private:
  std::unique_ptr<icu::Transliterator> transliterator_;
  mutable std::mutex mutex_;  // ICU transliterators are not safe for concurrent use.
  // What the transliterator makes of each letter U+0080..U+017F (Latin-1
  // and Latin Extended-A: Polish and most European letters), computed once
  // so that words made of them fold without ICU or the lock; "\x01" where
  // the letter folds to something other than ASCII.
  std::vector<std::string> latin_;
};

// Collapses a folded-but-unnormalised ASCII string: lowercase letters and
// digits are kept, every other run becomes one space, ends are trimmed.
std::string NormalizeAsciiKey(std::string_view ascii);

// Whether `a` and `b` are equal when ASCII letters are compared without case
// (keywords, function names).
bool EqualsAsciiIgnoreCase(std::string_view a, std::string_view b);

}  // namespace splot

#endif  // SPLOT_BASE_FOLD_H_
