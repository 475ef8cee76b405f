// A crude, test-only reading of the reference corpus: body lines without
// footnote blocks and page numbers, the corpus's letter repair, glued
// footnote markers dropped, lines joined and cut into sentences at ". X".
// The real reader (decoding, layout, segmentation) lives elsewhere; this is
// just enough to measure recognition on the corpus from the tests.
#ifndef SPLOT_TESTS_ENTITIES_CORPUS_READER_H_
#define SPLOT_TESTS_ENTITIES_CORPUS_READER_H_

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ingest/facts.h"

namespace splot::testing {

struct CorpusSentence {
  std::string text;
  int line = 0;                     // line where it starts
  std::vector<size_t> line_breaks;  // byte offsets where the next lines start
};

// Reads the corpus file crudely (see above), applying `repairs`.
std::vector<CorpusSentence> ReadCorpusCrudely(
    const std::filesystem::path& path,
    const std::vector<std::pair<std::string, std::string>>& repairs);

// Writes the entities as the export JSON shape score.py reads.
void WriteExportJson(const std::vector<ingest::EntityFact>& entities,
                     const std::filesystem::path& path);

// Remembers the Central Asian country the text has been about lately: the
// most frequent among the last `window` mentions of such countries.
class ChapterTracker {
 public:
  explicit ChapterTracker(size_t window = 40) : window_(window) {}
  void Saw(const std::string& country_key);
  std::string Current() const;

 private:
  size_t window_;
  std::vector<std::string> recent_;
};

}  // namespace splot::testing

#endif  // SPLOT_TESTS_ENTITIES_CORPUS_READER_H_
