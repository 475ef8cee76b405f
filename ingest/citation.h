// Citation parsing: what a footnote body cites (author, title, year, URL),
// and the tests the layout uses to tell citation lines from body text.
#ifndef SPLOT_INGEST_CITATION_H_
#define SPLOT_INGEST_CITATION_H_

#include <string>
#include <string_view>

#include "ingest/document.h"
#include "ontology/text_rules.h"

namespace splot::ingest {

// True when `line` carries one of the layout's citation cues ("[Zasób",
// "URL:", "http", " // ", ...), is a bare URL fragment (one ASCII token with
// hyphens or slashes, such as "uzbekistana-613850-2024/"), or holds a
// bibliographic year ("- 2018. -").
bool LooksLikeCitation(std::string_view line, const ontology::LayoutRules& rules);

// True when `line` names a resource ("[Zasób", "[Elektroniczny", " // ") or
// the URL label: strong evidence that the line belongs to a citation.
bool HasResourceCue(std::string_view line, const ontology::LayoutRules& rules);

// Rebuilds a URL that PDF extraction broke across lines or with spurious
// spaces: spaces next to URL punctuation are dropped, a space inside a
// hyphenated path segment is dropped, and a space elsewhere (a path segment
// or query without hyphens, where the original had "_") becomes "_".
// Anything before "http"/"www." and a final full stop are removed.
std::string ReassembleUrl(std::string_view raw);

// Fills footnote->author, title, year and url from footnote->text and
// replaces the URL inside text with its reassembled form.
void ParseCitation(const ontology::LayoutRules& rules, Footnote* footnote);

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_CITATION_H_
