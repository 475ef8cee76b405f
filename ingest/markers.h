// Footnote markers in body text.
//
// PDF extraction flattens superscript footnote numbers into the text: glued
// to the next word ("1Faktem", "5\"Nowe", "60batony"), chained
// ("188189Ścisłe" = 188 and 189), or standing after a full stop before a
// real number ("obuwia. 9715 kontraktów" = marker 97, then 15).  Markers
// rise one by one, so the scanner accepts a number only when it continues
// the sequence (skipping at most max_gap lost markers), and only where a
// marker can stand: glued to a letter, quote or bracket, or after the end
// of a sentence.  A digit glued to a preceding letter or digit ("MM3",
// "B2B") or part of a larger number ("1,5", "2019-2020") is never a marker,
// nor is a year followed by "r."/"roku".
#ifndef SPLOT_INGEST_MARKERS_H_
#define SPLOT_INGEST_MARKERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "ontology/text_rules.h"

namespace splot::ingest {

struct FoundMarker {
  std::vector<int> numbers;  // one, or several for a chain
  size_t begin = 0;          // byte range of the marker digits in the line
  size_t end = 0;
  bool restarted = false;  // the numbering started again at 1 here
};

class MarkerScanner {
 public:
  // `rules` must outlive the scanner.
  explicit MarkerScanner(const ontology::LayoutRules& rules);

  // Finds the markers in one body line (UTF-8); `prev` is the last
  // non-space character of the body text before the line (0 when the line
  // opens the text).  Appends them in order to *out.
  void ScanLine(std::string_view line, char32_t prev, std::vector<FoundMarker>* out);

  // The number the next marker should carry.
  int expected() const { return expected_; }

  // Lets the next marker restart the numbering at 1, as books that number
  // footnotes per chapter do; called when a section begins.  The permission
  // ends with the first marker found.
  void AllowRestart() { restart_allowed_ = true; }

 private:
  bool IsYearWord(std::string_view line, size_t from) const;

  const ontology::LayoutRules& rules_;
  int expected_ = 1;
  bool restart_allowed_ = false;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_MARKERS_H_
