// Layout: tells body text from footnote bodies, page numbers and titles in
// text extracted from PDF, one source line at a time.
//
// Footnote bodies come in zones: after a separator line of spaces, or where
// a line with leading spaces starts with the next footnote number and the
// citation continues below.  A zone line starting with the expected number
// (after the last body, at most a few ahead of the markers seen in the text)
// opens a body; citation lines ("[Zasób", "URL:", URL fragments) continue
// it; the first line with leading spaces that is not a citation resumes the
// body text, so a sentence a footnote block interrupts is re-joined.  A zone
// may begin with the tail of the previous page's last footnote, or with a
// body whose printed number was lost; the numbers around it decide which.
// Page numbers standing alone are dropped.  Titles are short lines without
// final punctuation after a finished sentence and before a blank line,
// including titles wrapped over a blank line.
#ifndef SPLOT_INGEST_LAYOUT_H_
#define SPLOT_INGEST_LAYOUT_H_

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "ingest/decode.h"
#include "ingest/document.h"
#include "ingest/repair.h"
#include "ontology/text_rules.h"

namespace splot::ingest {

struct LayoutEvent {
  // kNumberingEnd: every body of the footnote numbering `epoch` has been
  // delivered (the markers started again at 1).
  enum class Kind { kBodyLine, kTitle, kFootnote, kNumberingEnd };
  Kind kind = Kind::kBodyLine;
  int line = 0;                        // the body line, or the first line of a title
  int last_line = 0;                   // the last line of a title
  int64_t char_start = 0;              // code point offset of the body line in the document
  std::string text;                    // kBodyLine: the line as decoded; kTitle: repaired title
  std::unique_ptr<Footnote> footnote;  // kFootnote: a finished body, repaired and parsed
  int epoch = 0;  // kFootnote, kNumberingEnd: the numbering the body belongs to
};

class Layout {
 public:
  // All pointers must outlive the layout.
  Layout(LineDecoder* decoder, const ontology::TextRules& rules, const TextRepairer* repairer,
         ReaderStats* stats);

  // The highest footnote marker found in the body text so far; bounds the
  // numbers a footnote body may carry.
  void set_max_marker(int n) { max_marker_ = std::max(max_marker_, n); }

  // The markers started again at 1 (a new chapter): finishes the open body
  // and lets footnote numbers start again too.
  void RestartNumbering();

  // Stores the next event in *event and returns true, or returns false at
  // the end of the document.  Errors: those of the decoder.
  Result<bool> Next(LayoutEvent* event);

  // Takes back a line buffer the caller is done with, to read a later line
  // into (saves an allocation per line).
  void Recycle(std::string buffer);

 private:
  struct Line {
    int number = 0;
    int64_t char_start = 0;
    std::string text;  // as decoded
    size_t content_begin = 0, content_end = 0;
    int lead_ws = 0;
    // The line without leading and trailing whitespace.
    std::string_view content() const {
      return std::string_view(text).substr(content_begin, content_end - content_begin);
    }
    bool blank = false;      // empty or short whitespace only
    bool separator = false;  // whitespace only, at least separator_min_width wide
  };
  struct ZoneLine {
    const Line* line;
    int number = 0;  // printed footnote number, 0 if none
    std::string text;
  };
  struct OpenFootnote {
    Footnote fn;
    std::string text;             // repaired lines joined
    bool has_url = false;         // a URL cue in the text
    bool has_resource = false;    // a resource cue or the URL label
    bool has_year = false;        // a four-digit year
    bool awaiting_title = false;  // the number stood alone on its line
    int body_lines_since = 0;     // body lines read since it was last extended
  };

  Status Fill(size_t count);  // makes q_ hold at least `count` lines if the input has them
  Line MakeLine(std::string text, int number);
  void Pop();  // drops q_[0], keeping its buffer for a later line

  // Classification helpers.
  int NumberedStart(const Line& line, bool allow_bare) const;  // footnote number or 0
  bool IsPageNumber(const Line& line) const;
  bool IsTitleLine(const Line& line, bool capital) const;
  bool StartsUpper(std::string_view s) const;
  bool FootnoteStartInBody(size_t index) const;
  size_t TitleBlock() const;  // lines forming a title at q_[0], 0 if none
  bool EndsSentence(std::string_view s) const;

  void Emit(LayoutEvent event) { out_.push_back(std::move(event)); }
  void EmitBody(Line& line);  // moves the line's text into the event
  void InterpretZone();
  void StartFootnote(int number, bool inferred, const Line& line, std::string_view text);
  void Append(const Line& line, std::string_view text);
  void FinishOpen();
  bool Incomplete(const OpenFootnote& f) const;
  bool UrlComplete(const OpenFootnote& f) const;

  LineDecoder* decoder_;
  const ontology::TextRules& rules_;
  const TextRepairer* repairer_;
  ReaderStats* stats_;

  std::deque<Line> q_;
  std::vector<std::string> spare_;  // line buffers to reuse
  std::string part_;                // a footnote line being added
  bool input_done_ = false;
  int64_t next_char_start_ = 0;
  std::deque<LayoutEvent> out_;

  bool in_zone_ = false;
  std::vector<Line> zone_;         // lines of the current footnote zone
  std::vector<int> zone_numbers_;  // their printed numbers (0 = none)
  bool zone_awaiting_title_ = false;
  std::optional<OpenFootnote> open_;
  int last_number_ = 0;  // highest footnote number assigned to a body
  int scan_number_ = 0;  // highest number seen opening a body in the current zone
  int max_marker_ = 0;
  bool prev_blank_ = true;
  bool last_body_ended_sentence_ = true;  // no body yet counts as a finished sentence
  bool finished_ = false;
  int epoch_ = 0;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_LAYOUT_H_
