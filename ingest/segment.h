// Sentence segmentation: ICU's sentence BreakIterator proposes boundaries in
// unwrapped text (reading a short window around each terminator, which is
// all its rules look at); a post-filter takes back those that follow an
// abbreviation, a word of initials ("A.", "Sz.", "P.M.") or an ordinal
// ("10. posiedzenie").  The filter compares the whole word before the full
// stop with the lists in ontology/text/abbreviations.json, never its ending,
// so "uzbeckim." ends a sentence although "im." is an abbreviation.
#ifndef SPLOT_INGEST_SEGMENT_H_
#define SPLOT_INGEST_SEGMENT_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <unicode/utext.h>
#include <unicode/uversion.h>

#include "ontology/text_rules.h"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace splot::ingest {

class SentenceSplitter {
 public:
  // `rules` must outlive the splitter.
  explicit SentenceSplitter(const ontology::SegmentRules& rules);
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // Appends to *ends the byte offsets in `text` (UTF-8) where sentences end.
  // With `final` the last sentence ends at text.size(); otherwise the text
  // after the last returned offset may still grow and is not a sentence yet.
  void Split(std::string_view text, bool final, std::vector<size_t>* ends);

  // True when a boundary proposed after `before` (text ending with a full
  // stop) is taken back; `next` is the text that follows the boundary.
  bool KeepsTogether(std::string_view before, std::string_view next) const;

 private:
  const ontology::SegmentRules& rules_;
  std::unique_ptr<icu::BreakIterator> iterator_;
  // Asks ICU for the first boundary after the terminator at byte
  // `terminator`, reading only text[window_start, window_end); returns its
  // byte offset, or npos when there is none before `first_letter`.
  size_t IcuBoundaryAfter(std::string_view text, size_t window_start, size_t terminator,
                          size_t first_letter, size_t window_end);

  std::u16string units_;           // the window as ICU reads it (a reused buffer)
  UText* text_ = nullptr;          // ICU's view of units_
  std::vector<uint32_t> byte_of_;  // byte offset of each unit in the text
  std::unordered_set<std::string> abbreviations_;
  std::unordered_set<std::string> digraphs_;
  std::unordered_set<std::string> not_after_;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_SEGMENT_H_
