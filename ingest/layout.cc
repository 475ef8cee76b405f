#include "ingest/layout.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>

#include "ingest/citation.h"
#include "ingest/utf8.h"

namespace splot::ingest {
namespace {

bool IsWs(char c) { return c == ' ' || c == '\t'; }

// Collapses runs of spaces and trims.
std::string Collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (IsWs(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Collapses runs of spaces in place and trims.
void CollapseInPlace(std::string* s) {
  size_t out = 0;
  bool space = false;
  for (char c : *s) {
    if (IsWs(c)) {
      space = out > 0;
      continue;
    }
    if (space) (*s)[out++] = ' ';
    space = false;
    (*s)[out++] = c;
  }
  s->resize(out);
}

// Joins citation lines: a line ending with a hyphen after a letter or digit
// continues without a space (compounds, URLs), others with one.
void JoinPart(const std::string& part, std::string* out) {
  if (part.empty()) return;
  if (!out->empty()) {
    // The last word ends with a hyphen or slash and holds a letter or digit:
    // a compound or a URL goes on.
    const size_t word =
        out->find_last_of(' ') == std::string::npos ? 0 : out->find_last_of(' ') + 1;
    const char last = out->back();
    bool glue = false;
    if (last == '-' || last == '/') {
      for (size_t i = word; i < out->size(); ++i) {
        glue |= std::isalnum(static_cast<unsigned char>((*out)[i])) ||
                static_cast<unsigned char>((*out)[i]) >= 0x80;
      }
    }
    if (!glue) out->push_back(' ');
  }
  out->append(part);
}

}  // namespace

Layout::Layout(LineDecoder* decoder, const ontology::TextRules& rules, const TextRepairer* repairer,
               ReaderStats* stats)
    : decoder_(decoder), rules_(rules), repairer_(repairer), stats_(stats) {}

Layout::Line Layout::MakeLine(std::string text, int number) {
  Line line;
  line.number = number;
  line.char_start = next_char_start_;
  next_char_start_ += utf8::Length(text) + 1;
  size_t lead = 0;
  while (lead < text.size() && IsWs(text[lead])) ++lead;
  line.lead_ws = static_cast<int>(lead);
  size_t end = text.size();
  while (end > lead && IsWs(text[end - 1])) --end;
  line.content_begin = lead;
  line.content_end = end;
  if (end == lead) {
    line.separator = static_cast<int>(text.size()) >= rules_.layout.separator_min_width;
    line.blank = !line.separator;
  }
  line.text = std::move(text);
  return line;
}

Status Layout::Fill(size_t count) {
  while (q_.size() < count && !input_done_) {
    std::string text;
    if (!spare_.empty()) {
      text.swap(spare_.back());
      spare_.pop_back();
    }
    SPLOT_ASSIGN_OR_RETURN(bool got, decoder_->NextLine(&text));
    if (!got) {
      input_done_ = true;
      break;
    }
    ++stats_->lines;
    q_.push_back(MakeLine(std::move(text), decoder_->line_number()));
  }
  return Status::OK();
}

void Layout::Pop() {
  Recycle(std::move(q_.front().text));
  q_.pop_front();
}

void Layout::Recycle(std::string buffer) {
  if (buffer.capacity() > 15 && spare_.size() < 16) spare_.push_back(std::move(buffer));
}

bool Layout::StartsUpper(std::string_view s) const {
  if (s.empty()) return false;
  size_t i = 0;
  char32_t c = utf8::Next(s, &i);
  return u_isupper(static_cast<UChar32>(c));
}

bool Layout::EndsSentence(std::string_view s) const {
  size_t i = s.size();
  while (i > 0) {
    const char c = s[i - 1];
    if (c == '.' || c == '!' || c == '?') return true;
    // Closing quotes and brackets may follow the stop.
    if (c == '"' || c == ')' || c == '\'' || c == ' ') {
      --i;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      size_t k = i;
      char32_t cp = utf8::Prev(s, &k);
      if (cp == 0x201D || cp == 0x00BB || cp == 0x2026) {
        if (cp == 0x2026) return true;
        i = k;
        continue;
      }
    }
    return false;
  }
  return false;
}

int Layout::NumberedStart(const Line& line, bool allow_bare) const {
  const std::string_view c = line.content();
  size_t d = 0;
  while (d < c.size() && c[d] >= '0' && c[d] <= '9') ++d;
  if (d == 0 || d > 4) return 0;
  if (d < c.size() && c[d] != ' ') return 0;  // glued: a marker in body text
  if (d == c.size() && !allow_bare) return 0;
  int n = 0;
  for (size_t k = 0; k < d; ++k) n = n * 10 + (c[k] - '0');
  const int gap = rules_.layout.footnote_max_gap;
  const int low = std::max(last_number_, scan_number_) + 1;
  const int high = std::max(low, max_marker_) + gap;
  return n >= low && n <= high ? n : 0;
}

bool Layout::IsPageNumber(const Line& line) const {
  const std::string_view c = line.content();
  if (c.empty() || static_cast<int>(c.size()) > rules_.layout.page_number_max_digits) return false;
  return std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

bool Layout::IsTitleLine(const Line& line, bool capital) const {
  const std::string_view c = line.content();
  if (c.empty() || line.separator) return false;
  if (utf8::Length(c) > rules_.layout.title_max_chars) return false;
  size_t i = 0;
  const char32_t first = utf8::Next(c, &i);
  if (capital ? !u_isupper(static_cast<UChar32>(first)) : !u_islower(static_cast<UChar32>(first))) {
    return false;
  }
  int letters = 0;
  for (size_t k = 0; k < c.size();) {
    char32_t cp = utf8::Next(c, &k);
    if (cp >= '0' && cp <= '9' && !rules_.layout.title_allow_digits) return false;
    letters += u_isalpha(static_cast<UChar32>(cp)) ? 1 : 0;
  }
  if (letters < 2) return false;
  const char last = c.back();
  if (last == '.' || last == ':' || last == ';' || last == '!' || last == '?') return false;
  if (LooksLikeCitation(c, rules_.layout) || HasResourceCue(c, rules_.layout)) return false;
  return true;
}

size_t Layout::TitleBlock() const {
  if (!last_body_ended_sentence_) return 0;
  if (q_.empty() || !IsTitleLine(q_[0], true)) return 0;
  const int max_lines = rules_.layout.title_max_lines;
  auto is_blank = [&](size_t k) { return k >= q_.size() || q_[k].blank; };
  if (is_blank(1)) {
    // Title, blank, and maybe its lowercase continuation before a blank or
    // an uppercase line.
    if (max_lines >= 2 && q_.size() > 2 && IsTitleLine(q_[2], false)) {
      const bool after_ok =
          q_.size() <= 3 || q_[3].blank || (!q_[3].separator && StartsUpper(q_[3].content()));
      if (after_ok) return 3;
    }
    return 1;
  }
  // Title lines directly below each other, closed by a blank line.
  size_t k = 1;
  while (static_cast<int>(k) < max_lines && k < q_.size() &&
         (IsTitleLine(q_[k], false) || IsTitleLine(q_[k], true))) {
    ++k;
    if (is_blank(k)) return k;
  }
  return 0;
}

bool Layout::FootnoteStartInBody(size_t index) const {
  const Line& line = q_[index];
  if (line.lead_ws == 0) return false;
  // A citation fragment standing in the body: a URL, the URL label or a
  // resource note at the start of an indented line.
  for (const std::string& cue : rules_.layout.url_cues) {
    if (line.content().rfind(cue, 0) == 0) return true;
  }
  if (!rules_.layout.url_label.empty() && line.content().rfind(rules_.layout.url_label, 0) == 0) {
    return true;
  }
  if (line.content().front() == '[' && HasResourceCue(line.content(), rules_.layout)) return true;
  const bool next_cue =
      index + 1 < q_.size() && HasResourceCue(q_[index + 1].content(), rules_.layout);
  if (NumberedStart(line, false)) {
    return LooksLikeCitation(line.content(), rules_.layout) || next_cue ||
           (index + 1 < q_.size() && LooksLikeCitation(q_[index + 1].content(), rules_.layout));
  }
  // A body whose number was lost: a capitalised line whose citation
  // continues on the next line.
  return StartsUpper(line.content()) && next_cue && !NumberedStart(q_[index + 1], true);
}

void Layout::EmitBody(Line& line) {
  LayoutEvent ev;
  ev.kind = LayoutEvent::Kind::kBodyLine;
  ev.line = line.number;
  ev.last_line = line.number;
  ev.char_start = line.char_start;
  last_body_ended_sentence_ = EndsSentence(line.content());
  ev.text = std::move(line.text);  // the line is popped right after
  ++stats_->body_lines;
  if (open_) {
    // An incomplete body may continue after the next separator; one left
    // open for long is finished.
    if (++open_->body_lines_since > rules_.layout.max_zone_lines) FinishOpen();
  }
  Emit(std::move(ev));
}

bool Layout::Incomplete(const OpenFootnote& f) const {
  if (f.text.empty()) return true;
  const char last = f.text.back();
  if (last == '-' || last == ':') return true;
  if (f.has_url) return false;
  if (f.has_resource) return true;  // "[Zasób" without its URL
  return !f.has_year;               // no resource and no year yet: the title runs on
}

bool Layout::UrlComplete(const OpenFootnote& f) const {
  if (!f.has_url || f.text.empty()) return false;
  return f.text.back() != '-' && f.text.back() != ':';
}

void Layout::StartFootnote(int number, bool inferred, const Line& line, std::string_view text) {
  FinishOpen();
  OpenFootnote f;
  f.fn.number = number;
  f.fn.number_inferred = inferred;
  f.fn.first_line = line.number;
  f.fn.last_line = line.number;
  f.awaiting_title = text.empty();
  open_ = std::move(f);
  last_number_ = std::max(last_number_, number);
  if (!text.empty()) Append(line, text);
}

void Layout::Append(const Line& line, std::string_view text) {
  if (!open_) return;
  part_.assign(text);
  RepairCounts counts;
  repairer_->Repair(&part_, &counts);
  stats_->letters_repaired += counts.letters;
  stats_->lookalikes_repaired += counts.lookalikes;
  CollapseInPlace(&part_);
  const std::string& part = part_;
  for (const std::string& cue : rules_.layout.url_cues) {
    open_->has_url |= part.find(cue) != std::string::npos;
  }
  open_->has_resource |= HasResourceCue(part, rules_.layout);
  for (size_t i = 0; !open_->has_year && i + 4 <= part.size(); ++i) {
    open_->has_year = (part[i] == '1' || part[i] == '2') &&
                      std::isdigit(static_cast<unsigned char>(part[i + 1])) &&
                      std::isdigit(static_cast<unsigned char>(part[i + 2])) &&
                      std::isdigit(static_cast<unsigned char>(part[i + 3]));
  }
  JoinPart(part, &open_->text);
  open_->fn.last_line = std::max(open_->fn.last_line, line.number);
  open_->awaiting_title = false;
  open_->body_lines_since = 0;
}

void Layout::FinishOpen() {
  if (!open_) return;
  OpenFootnote f = std::move(*open_);
  open_.reset();
  f.fn.text = std::move(f.text);
  ParseCitation(rules_.layout, &f.fn);
  ++stats_->bodies_found;
  if (f.fn.number_inferred) ++stats_->bodies_inferred;
  LayoutEvent ev;
  ev.kind = LayoutEvent::Kind::kFootnote;
  ev.line = f.fn.first_line;
  ev.last_line = f.fn.last_line;
  ev.footnote = std::make_unique<Footnote>(std::move(f.fn));
  ev.epoch = epoch_;
  Emit(std::move(ev));
}

void Layout::RestartNumbering() {
  FinishOpen();
  LayoutEvent end;
  end.kind = LayoutEvent::Kind::kNumberingEnd;
  end.epoch = epoch_++;
  Emit(std::move(end));
  last_number_ = 0;
  scan_number_ = 0;
  max_marker_ = 0;
}

void Layout::InterpretZone() {
  const size_t n = zone_.size();
  stats_->footnote_lines += static_cast<int64_t>(n);
  auto starts_url = [&](std::string_view s) {
    if (!rules_.layout.url_label.empty() && s.rfind(rules_.layout.url_label, 0) == 0) return true;
    for (const std::string& cue : rules_.layout.url_cues) {
      size_t p = s.find(cue);
      if (p != std::string::npos && p <= 2) return true;
    }
    return false;
  };
  auto next_printed = [&](size_t from) {
    for (size_t k = from; k < n; ++k) {
      if (zone_numbers_[k]) return zone_numbers_[k];
    }
    return 0;
  };
  size_t first_numbered = n;
  for (size_t k = 0; k < n; ++k) {
    if (zone_numbers_[k]) {
      first_numbered = k;
      break;
    }
  }
  size_t i = 0;
  if (first_numbered > 0 && n > 0) {
    // The zone opens without a number: the tail of the previous page's last
    // body, or a body whose number was lost.
    const Line& head = zone_[0];
    const int printed = next_printed(0);
    const bool new_url = starts_url(head.content());
    bool continues = open_ && Incomplete(*open_);
    if (continues && new_url && open_->has_url) continues = false;
    if (continues) {
      Append(head, head.content());
    } else if (printed > 0 && printed - 1 > last_number_) {
      StartFootnote(printed - 1, true, head, head.content());
    } else if (printed == 0 && last_number_ + 1 <= max_marker_) {
      StartFootnote(last_number_ + 1, true, head, head.content());
    } else if (open_) {
      Append(head, head.content());
    } else {
      ++stats_->orphan_footnote_lines;
    }
    i = 1;
  }
  for (; i < n; ++i) {
    const Line& line = zone_[i];
    const int number = zone_numbers_[i];
    if (number) {
      std::string_view rest = line.content().substr(std::to_string(number).size());
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      StartFootnote(number, false, line, rest);
      continue;
    }
    if (!open_) {
      ++stats_->orphan_footnote_lines;
      continue;
    }
    if (open_->awaiting_title) {
      Append(line, line.content());
      continue;
    }
    const int printed = next_printed(i + 1);
    if (UrlComplete(*open_) && StartsUpper(line.content()) && !starts_url(line.content()) &&
        (printed == 0 || printed > open_->fn.number + 1)) {
      StartFootnote(open_->fn.number + 1, true, line, line.content());
      continue;
    }
    Append(line, line.content());
  }
  for (Line& line : zone_) Recycle(std::move(line.text));
  zone_.clear();
  zone_numbers_.clear();
}

Result<bool> Layout::Next(LayoutEvent* event) {
  while (out_.empty()) {
    if (finished_) return false;
    SPLOT_RETURN_IF_ERROR(Fill(5));
    if (q_.empty()) {
      if (in_zone_) InterpretZone();
      in_zone_ = false;
      FinishOpen();
      finished_ = true;
      continue;
    }
    Line& line = q_[0];
    if (!in_zone_) {
      if (line.separator) {
        in_zone_ = true;
        Pop();
        continue;
      }
      if (line.blank) {
        prev_blank_ = true;
        Pop();
        continue;
      }
      if (IsPageNumber(line) && (prev_blank_ || q_.size() < 2 || q_[1].blank || q_[1].separator)) {
        ++stats_->page_numbers;
        Pop();
        continue;
      }
      if (FootnoteStartInBody(0)) {
        in_zone_ = true;
        continue;
      }
      if (size_t title_lines = TitleBlock()) {
        LayoutEvent ev;
        ev.kind = LayoutEvent::Kind::kTitle;
        ev.line = q_[0].number;
        std::string title;
        for (size_t k = 0; k < title_lines; ++k) {
          if (q_[0].blank) {
            Pop();
            continue;
          }
          std::string part(q_[0].content());
          RepairCounts counts;
          repairer_->Repair(&part, &counts);
          stats_->letters_repaired += counts.letters;
          stats_->lookalikes_repaired += counts.lookalikes;
          if (!title.empty()) title.push_back(' ');
          title += Collapse(part);
          ev.last_line = q_[0].number;
          Pop();
        }
        while (!title.empty() && title.back() == ',') title.pop_back();
        ev.text = std::move(title);
        ++stats_->titles;
        prev_blank_ = false;
        Emit(std::move(ev));
        continue;
      }
      prev_blank_ = false;
      EmitBody(line);
      Pop();
      continue;
    }

    // In a footnote zone.
    if (line.separator) {
      InterpretZone();
      Pop();
      continue;
    }
    if (line.blank) {
      Pop();
      continue;
    }
    const int bare = NumberedStart(line, true);
    if (IsPageNumber(line) && !bare) {
      ++stats_->page_numbers;
      InterpretZone();
      in_zone_ = false;
      prev_blank_ = true;
      Pop();
      continue;
    }
    const bool awaiting = zone_awaiting_title_;
    zone_awaiting_title_ = false;
    if (bare) {
      zone_awaiting_title_ = line.content().size() == std::to_string(bare).size();
      zone_.push_back(std::move(line));
      zone_numbers_.push_back(bare);
      scan_number_ = std::max(scan_number_, bare);
      Pop();
      continue;
    }
    bool footnote_line =
        awaiting || line.lead_ws == 0 || LooksLikeCitation(line.content(), rules_.layout);
    if (!footnote_line && StartsUpper(line.content()) && q_.size() > 1 &&
        HasResourceCue(q_[1].content(), rules_.layout) && !NumberedStart(q_[1], true)) {
      footnote_line = true;  // a body whose number was lost
    }
    if (footnote_line && static_cast<int>(zone_.size()) < rules_.layout.max_zone_lines) {
      zone_.push_back(std::move(line));
      zone_numbers_.push_back(0);
      Pop();
      continue;
    }
    // Leading spaces and no citation: the body text resumes.
    InterpretZone();
    in_zone_ = false;
    prev_blank_ = false;
  }
  *event = std::move(out_.front());
  out_.pop_front();
  return true;
}

}  // namespace splot::ingest
