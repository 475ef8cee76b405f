// Dry-run inspection: renders what the reader saw, so a user can check a
// document before anything is stored (`splot ingest --dry-run --show
// sentences|footnotes|sections FILE`).  Every row starts with the source
// lines it came from.
#ifndef SPLOT_INGEST_DRY_RUN_H_
#define SPLOT_INGEST_DRY_RUN_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "ingest/document.h"

namespace splot::ingest {

enum class DryRunView { kSentences, kFootnotes, kSections };

// Parses "sentences", "footnotes" or "sections".
// Errors: InvalidArgument naming the accepted values.
Result<DryRunView> ParseDryRunView(std::string_view name);

// Returns the rendering of `view` of `doc`: a header with the document's
// path, encoding, size and reader counts, then one row per item:
//   sentences:  "L12-14  §2 country:uz  <text>  [fn 5, 6]"
//   footnotes:  "L40-42  fn 5  marker L12  <title> | <year> | <url>"
//               (or "fn 5  marker L12  (body missing)" for a marker without body)
//   sections:   "L311  §1  country:uz  <title>"
std::string RenderDryRun(const Document& doc, DryRunView view);

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_DRY_RUN_H_
