// The values the reader produces: sentences with their provenance, footnote
// bodies, sections, and what the reader counted on the way.  Plain data.
#ifndef SPLOT_INGEST_DOCUMENT_H_
#define SPLOT_INGEST_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/facts.h"

namespace splot::ingest {

// A footnote body: the citation printed at the foot of a page.
struct Footnote {
  int number = 0;                // as printed, or inferred (see number_inferred)
  bool number_inferred = false;  // the printed number was lost; taken from the sequence
  std::string text;              // repaired, lines joined, URL reassembled
  std::string author;            // "Zalessky, B." when the citation starts with one
  std::string title;             // the cited work's title
  std::string year;              // "2018", or ""
  std::string url;               // reassembled, or ""
  int first_line = 0;            // source lines the body spans (1-based)
  int last_line = 0;
  int marker_line = 0;          // line of the first marker with this number, 0 when none was seen
  int64_t sentence_index = -1;  // sentence holding that marker (set by ReadDocument), or -1

  Citation citation() const { return Citation{number, title, year, url}; }
};

// A footnote marker as it stood in the body text.
struct MarkerRef {
  int number = 0;
  size_t offset = 0;    // byte offset in Sentence::text where the marker stood
  int line = 0;         // source line of the marker
  bool linked = false;  // a body with this number was found
};

// A titled part of the document.  Section 0 holds any text before the
// first title and has an empty title.
struct Section {
  int index = 0;
  std::string title;
  int first_line = 0;  // line of the title (of the first text for section 0)
  int last_line = 0;   // last line of the title
  // The Central Asian country the section's chapter is about (a key such as
  // "country:uz" from ontology/text/chapters.json), or "" when unknown.
  std::string country;
  std::string country_name;
};

struct Sentence {
  int64_t index = 0;   // 0-based position in the document
  std::string doc_id;  // DocumentInfo::id of the document
  std::string text;    // unwrapped, repaired, footnote markers removed
  int first_line = 0;  // source lines the sentence spans (1-based)
  int last_line = 0;
  // Code point offsets of the sentence in the decoded document (counting
  // every character of every line and one per line break); end exclusive.
  int64_t char_begin = 0;
  int64_t char_end = 0;
  int section = 0;            // Section::index
  std::string section_title;  // Section::title
  std::string country;        // Section::country
  std::vector<MarkerRef> markers;
  // Bodies of the footnotes this sentence's markers point to.
  std::vector<Citation> citations;
  // Bodies of footnotes whose marker opens the next sentence.  PDF text
  // glues a superscript set after a sentence's final stop to the first word
  // of the next sentence ("...przemysłową. 1Faktem"), so such a marker may
  // equally cite this sentence; later stages choose.
  std::vector<Citation> next_citations;
};

struct ReaderStats {
  int64_t lines = 0;           // source lines read
  int64_t body_lines = 0;      // lines of body text
  int64_t footnote_lines = 0;  // lines of footnote bodies
  int64_t page_numbers = 0;    // page-number lines dropped
  int64_t titles = 0;          // section titles
  int64_t sentences = 0;
  int64_t letters_repaired = 0;  // mis-encoded letters replaced (body and footnotes)
  int64_t lookalikes_repaired = 0;
  int64_t markers_found = 0;          // marker occurrences in the body text
  int64_t markers_linked = 0;         // ... whose footnote body was found
  int64_t distinct_markers = 0;       // distinct marker numbers
  int64_t bodies_found = 0;           // footnote bodies read
  int64_t bodies_inferred = 0;        // ... whose number was inferred
  int64_t bodies_missing = 0;         // distinct marker numbers without a body
  int64_t bodies_unreferenced = 0;    // bodies whose number no marker carried
  int64_t orphan_footnote_lines = 0;  // footnote-zone lines that fit no body
  int max_marker = 0;                 // highest marker number
};

// A whole document as read by ReadDocument.
struct Document {
  DocumentInfo info;
  std::vector<Section> sections;
  std::vector<Sentence> sentences;
  std::vector<Footnote> footnotes;  // ascending by number
  ReaderStats stats;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_DOCUMENT_H_
