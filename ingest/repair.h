// Repair: fixes the letters PDF extraction broke, line by line.
//
// - Mis-encoded Polish letters (ontology/text/repair.json: Ċ→ę, Ī→ż, ...)
//   are replaced inside words that are otherwise Polish only, so a German
//   "Münch" keeps its ü while "byü" becomes "być".
// - Greek and Cyrillic look-alike letters become the Latin letters they
//   imitate inside Latin words, and when they stand alone between Latin
//   words (the initial "Μ." with a Greek Mu).
// - The line is brought to Unicode NFC.
// Every replacement maps one code point to one code point, so positions
// are kept unless NFC changes the line.
#ifndef SPLOT_INGEST_REPAIR_H_
#define SPLOT_INGEST_REPAIR_H_

#include <cstdint>
#include <string>
#include <vector>

#include <unicode/uversion.h>

#include "ontology/text_rules.h"

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace splot::ingest {

struct RepairCounts {
  int64_t letters = 0;     // mis-encoded letters replaced
  int64_t lookalikes = 0;  // look-alike letters replaced
  int64_t nfc_lines = 0;   // lines NFC changed
};

class TextRepairer {
 public:
  // `rules` must outlive the repairer.
  explicit TextRepairer(const ontology::RepairRules& rules);

  // Repairs `line` in place and adds what it did to *counts.  Returns false
  // when NFC changed the line, in which case code point positions after the
  // first change may have moved.
  bool Repair(std::string* line, RepairCounts* counts) const;

  // True when `c` is one of the mis-encoded letters of the rules.
  bool IsMisencoded(char32_t c) const;

 private:
  enum Kind : uint8_t { kPlain = 0, kMisencoded = 1, kLookalike = 2, kPolish = 4 };
  uint8_t KindOf(char32_t c) const { return c < kinds_.size() ? kinds_[c] : uint8_t{kPlain}; }
  // Repairs the words around the positions of mis-encoded and look-alike
  // letters in `text`.
  void RepairWords(std::u32string* text, RepairCounts* counts) const;
  void RepairWord(std::u32string* text, size_t begin, size_t end, size_t prev_begin,
                  size_t prev_end, size_t next_begin, size_t next_end, RepairCounts* counts) const;

  const ontology::RepairRules& rules_;
  bool interesting_lead_[256] = {};    // lead bytes of mis-encoded or look-alike letters
  std::vector<uint8_t> kinds_;         // by code point, for code points < kinds_.size()
  std::vector<char32_t> replacement_;  // by code point: repaired letter or Latin look-alike
  std::vector<uint8_t> alone_;         // mis-encoded letter proves Polish by itself
  std::vector<uint8_t> word_final_;    // ... at the end of a word
  std::vector<uint8_t> before_vowel_;  // ... before a vowel
  const icu::Normalizer2* nfc_ = nullptr;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_REPAIR_H_
