#include "ingest/reader.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "ingest/sha256.h"
#include "ingest/utf8.h"

namespace splot::ingest {
namespace {

// Non-final segmentation runs once this much unwrapped text waits; a
// "sentence" that grows beyond the hard limit (a table flattened into one
// line) is cut.
constexpr size_t kSegmentBytes = size_t{16} << 10;
constexpr size_t kMaxSentenceBytes = size_t{64} << 10;
constexpr int64_t kEpochStride = 1000000;

int64_t NumberKey(int epoch, int number) { return epoch * kEpochStride + number; }
int EpochOf(int64_t key) { return static_cast<int>(key / kEpochStride); }

Result<std::string> HashFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open for reading");
  Sha256 hash;
  std::string buffer(size_t{1} << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.Update(buffer.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IOError(path + ": read error");
  return hash.HexDigest();
}

Result<std::shared_ptr<const ontology::TextRules>> RulesOf(const ReaderOptions& options) {
  if (options.rules) return options.rules;
  SPLOT_ASSIGN_OR_RETURN(ontology::TextRules rules,
                         ontology::LoadTextRules(ontology::DefaultTextRulesDir()));
  return std::shared_ptr<const ontology::TextRules>(
      std::make_shared<ontology::TextRules>(std::move(rules)));
}

char32_t LowerPolish(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

bool IsLetter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_isalpha(static_cast<UChar32>(c));
}

}  // namespace

std::string NowUtcIso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Reader::Reader(std::shared_ptr<const ontology::TextRules> rules, const ReaderOptions& options)
    : rules_(std::move(rules)), options_(options) {}

Reader::~Reader() = default;

Result<std::unique_ptr<Reader>> Reader::Open(const std::string& path,
                                             const ReaderOptions& options) {
  SPLOT_ASSIGN_OR_RETURN(auto rules, RulesOf(options));
  DecodeOptions decode;
  decode.encoding = options.encoding;
  SPLOT_ASSIGN_OR_RETURN(auto decoder, LineDecoder::Open(path, decode));
  std::string sha;
  if (options.hash_first) {
    SPLOT_ASSIGN_OR_RETURN(sha, HashFile(path));
  }
  std::unique_ptr<Reader> reader(new Reader(std::move(rules), options));
  const uint64_t size = decoder->size();
  SPLOT_RETURN_IF_ERROR(reader->Start(std::move(decoder), path, size, std::move(sha)));
  return reader;
}

Result<std::unique_ptr<Reader>> Reader::FromBytes(std::string bytes, std::string name,
                                                  const ReaderOptions& options) {
  SPLOT_ASSIGN_OR_RETURN(auto rules, RulesOf(options));
  std::string sha = Sha256Hex(bytes);
  DecodeOptions decode;
  decode.encoding = options.encoding;
  const uint64_t size = bytes.size();
  SPLOT_ASSIGN_OR_RETURN(auto decoder, LineDecoder::FromBytes(std::move(bytes), name, decode));
  std::unique_ptr<Reader> reader(new Reader(std::move(rules), options));
  SPLOT_RETURN_IF_ERROR(reader->Start(std::move(decoder), name, size, std::move(sha)));
  return reader;
}

Status Reader::Start(std::unique_ptr<LineDecoder> decoder, const std::string& path, uint64_t size,
                     std::string sha256) {
  decoder_ = std::move(decoder);
  info_.path = path;
  info_.size = size;
  info_.encoding = decoder_->encoding();
  info_.sha256 = sha256;
  info_.id = std::move(sha256);
  info_.title = std::filesystem::path(path).filename().string();
  info_.ingested_at = options_.ingested_at.empty() ? NowUtcIso8601() : options_.ingested_at;
  repairer_ = std::make_unique<TextRepairer>(rules_->repair);
  layout_ = std::make_unique<Layout>(decoder_.get(), *rules_, repairer_.get(), &stats_);
  scanner_ = std::make_unique<MarkerScanner>(rules_->layout);
  splitter_ = std::make_unique<SentenceSplitter>(rules_->segment);
  for (size_t c = 0; c < rules_->chapters.countries.size(); ++c) {
    for (const std::string& stem : rules_->chapters.countries[c].stems) {
      const unsigned char first = stem.empty() ? 0 : static_cast<unsigned char>(stem[0]);
      if (first >= 'a' && first <= 'z') {
        stems_by_letter_[first - 'a'].emplace_back(stem, static_cast<int>(c));
      }
    }
  }
  OpenSection("", 0, 0);
  return Status::OK();
}

void Reader::OpenSection(const std::string& title, int first_line, int last_line) {
  if (!sections_.empty()) MaybeDecide(&sections_.back(), true);
  SectionState state;
  state.section.index = next_section_++;
  state.section.title = title;
  state.section.first_line = first_line;
  state.section.last_line = last_line;
  state.mentions.assign(rules_->chapters.countries.size(), 0);
  sections_.push_back(std::move(state));
}

void Reader::CountCountries(const std::string& text, SectionState* state) {
  std::string word;
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    // Words start after a non-letter; stems start with an ASCII letter.
    const unsigned char b = static_cast<unsigned char>(text[i]);
    const unsigned char lower = b >= 'A' && b <= 'Z' ? b + 32 : b;
    if (lower < 'a' || lower > 'z' || stems_by_letter_[lower - 'a'].empty()) continue;
    if (i > 0) {
      size_t k = i;
      if (IsLetter(utf8::Prev(text, &k))) continue;  // not a word start
    }
    word.clear();
    size_t j = i;
    while (j < n && word.size() < 24) {
      size_t before = j;
      const char32_t w = utf8::Next(text, &j);
      if (!IsLetter(w) && w != '-') {
        j = before;
        break;
      }
      utf8::Append(LowerPolish(w), &word);
    }
    for (const auto& [stem, country] : stems_by_letter_[lower - 'a']) {
      if (word.size() >= stem.size() && word.compare(0, stem.size(), stem) == 0) {
        ++state->mentions[country];
        break;
      }
    }
    i = j > i ? j - 1 : i;
  }
}

void Reader::MaybeDecide(SectionState* state, bool closing) {
  if (state->decided) return;
  if (closing && state->sentences == 0 && state->section.title.empty()) {
    state->decided = true;  // an empty untitled opening: nothing to report
    return;
  }
  const auto& rules = rules_->chapters;
  int best = -1, best_count = 0, second = 0;
  for (size_t i = 0; i < state->mentions.size(); ++i) {
    const int m = state->mentions[i];
    if (m > best_count) {
      second = best_count;
      best_count = m;
      best = static_cast<int>(i);
    } else if (m > second) {
      second = m;
    }
  }
  const bool clear =
      best >= 0 && best_count >= static_cast<double>(second) * rules.ratio && best_count > second;
  const bool enough = clear && best_count >= rules.min_mentions;
  if (!enough && !closing && state->sentences < rules.window_sentences) return;
  if (clear && (enough || best_count > 0)) {
    state->section.country = rules.countries[best].key;
    state->section.country_name = rules.countries[best].name;
  } else {
    // No clear country of its own: the chapter goes on.
    state->section.country = chapter_country_;
    state->section.country_name = chapter_country_name_;
  }
  state->decided = true;
  changed_ = true;
  chapter_country_ = state->section.country;
  chapter_country_name_ = state->section.country_name;
  sections_out_.push_back(state->section);
}

const Reader::Piece& Reader::PieceAt(size_t offset) const {
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), offset,
                             [](size_t off, const Piece& p) { return off < p.offset; });
  if (it != pieces_.begin()) --it;
  return *it;
}

int64_t Reader::SourceChar(size_t offset) const {
  const Piece& p = PieceAt(offset);
  if (offset <= p.offset) return p.src_char;
  return p.src_char + utf8::Length(std::string_view(flow_).substr(p.offset, offset - p.offset));
}

namespace {

// Width in bytes of the whitespace character at s[i], or 0.
size_t SpaceAt(std::string_view s, size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t') return 1;
  if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;  // no-break space
  return 0;
}

int64_t CountCodePoints(std::string_view s, size_t from, size_t to) {
  return utf8::Length(s.substr(from, to - from));
}

}  // namespace

void Reader::AddBodyLine(LayoutEvent& event) {
  line_.swap(event.text);
  RepairCounts counts;
  repairer_->Repair(&line_, &counts);  // NFC rarely moves positions; then columns are approximate
  stats_.letters_repaired += counts.letters;
  stats_.lookalikes_repaired += counts.lookalikes;
  const std::string_view line(line_);
  const size_t n = line.size();

  found_.clear();
  scanner_->ScanLine(line, last_flow_char_, &found_);
  for (const FoundMarker& m : found_) {
    if (m.restarted) {
      // A new chapter numbers its footnotes from 1.
      ++epoch_;
      max_marker_in_epoch_ = 0;
      layout_->RestartNumbering();
    }
    for (int number : m.numbers) {
      const int64_t key = NumberKey(epoch_, number);
      ++stats_.markers_found;
      marker_numbers_.insert(key);
      first_marker_line_.emplace(key, event.line);
      stats_.max_marker = std::max(stats_.max_marker, number);
      max_marker_in_epoch_ = std::max(max_marker_in_epoch_, number);
    }
  }
  layout_->set_max_marker(max_marker_in_epoch_);

  // Kept bytes: no leading or trailing spaces, one space per run, no marker
  // digits.  A piece starts wherever the kept text stops being contiguous
  // with the source line.
  auto removed_end = [&](size_t i, size_t* next_marker) -> size_t {
    while (*next_marker < found_.size() && found_[*next_marker].end <= i) ++*next_marker;
    if (*next_marker < found_.size() && found_[*next_marker].begin <= i) {
      return found_[*next_marker].end;
    }
    return i;
  };
  size_t marker_index = 0;  // next marker to place in the flow
  auto place_markers_upto = [&](size_t i) {
    while (marker_index < found_.size() && found_[marker_index].begin < i) {
      for (int number : found_[marker_index].numbers) {
        markers_.push_back({flow_.size(), number, event.line, NumberKey(epoch_, number)});
      }
      ++marker_index;
    }
  };
  // Markers that ended the previous line stand before this line's text.
  auto place_carried = [&] {
    for (FlowMarker& m : carried_markers_) {
      m.offset = flow_.size();
      markers_.push_back(m);
    }
    carried_markers_.clear();
  };
  // Trim.
  size_t first = 0, last = n;
  {
    size_t probe = 0;
    while (first < n) {
      size_t r = removed_end(first, &probe);
      if (r != first) {
        first = r;
        continue;
      }
      size_t w = SpaceAt(line, first);
      if (!w) break;
      first += w;
    }
    while (last > first) {
      const char c = line[last - 1];
      if (c == ' ' || c == '\t') {
        --last;
      } else if (last >= first + 2 && line[last - 2] == '\xC2' && c == '\xA0') {
        last -= 2;
      } else {
        bool in_marker = false;
        for (const FoundMarker& m : found_) {
          if (m.begin < last && last <= m.end) {
            last = m.begin;
            in_marker = true;
            break;
          }
        }
        if (!in_marker) break;
      }
    }
  }
  if (first < last) {
    // Join with the text before: a hyphen after a letter or digit at the end
    // of the previous line joins without a space.
    bool space = !flow_.empty();
    const size_t fn = flow_.size();
    if (fn >= 2 && flow_.back() == '-' && flow_[fn - 2] != ' ') {
      space = false;
      if (rules_->layout.hyphenation == ontology::HyphenationMode::kSplitWords) {
        size_t k = fn - 1;
        const char32_t before = utf8::Prev(flow_, &k);
        size_t j = first;
        const char32_t after = utf8::Next(line, &j);
        if (u_islower(static_cast<UChar32>(before)) && u_islower(static_cast<UChar32>(after))) {
          flow_.pop_back();
        }
      }
    }
    if (space) flow_.push_back(' ');
    place_carried();
    place_markers_upto(first + 1);
    const std::string_view kept = line.substr(first, last - first);
    const bool plain = found_.empty() && kept.find('\t') == std::string_view::npos &&
                       kept.find("  ") == std::string_view::npos &&
                       kept.find("\xC2\xA0") == std::string_view::npos;
    if (plain) {
      // The common line: one stretch of text with single spaces.
      pieces_.push_back(
          {flow_.size(), event.line, event.char_start + CountCodePoints(line, 0, first)});
      flow_.append(kept);
    } else {
      size_t cp_pos = 0;
      int64_t cp_index = 0;
      auto column = [&](size_t i) {
        cp_index += CountCodePoints(line, cp_pos, i);
        cp_pos = i;
        return cp_index;
      };
      bool new_piece = true;
      size_t probe = 0;
      size_t i = first;
      while (i < last) {
        const size_t r = removed_end(i, &probe);
        if (r != i) {
          place_markers_upto(r);
          i = r;
          new_piece = true;
          continue;
        }
        const size_t w = SpaceAt(line, i);
        if (w) {
          size_t j = i + w;
          while (j < last && SpaceAt(line, j)) j += SpaceAt(line, j);
          if (flow_.empty() || flow_.back() != ' ') flow_.push_back(' ');
          if (j - i != 1 || line[i] != ' ') new_piece = true;  // not one plain space
          i = j;
          continue;
        }
        // A stretch of text up to the next space or marker.
        size_t j = i + 1;
        const size_t stop =
            marker_index < found_.size() ? std::min(last, found_[marker_index].begin) : last;
        while (j < stop && line[j] != ' ' && line[j] != '\t' && line[j] != '\xC2') ++j;
        if (j == i + 1 && line[i] == '\xC2') {
          // A two-byte letter starting with 0xC2 that is not a no-break space.
          j = std::min(stop, i + 2);
        }
        if (new_piece) {
          pieces_.push_back({flow_.size(), event.line, event.char_start + column(i)});
          new_piece = false;
        }
        flow_.append(line.data() + i, j - i);
        i = j;
      }
    }
    size_t k = last;
    last_flow_char_ = utf8::Prev(line, &k);
  }
  // Markers after the last text of the line go with the next line's text.
  for (; marker_index < found_.size(); ++marker_index) {
    for (int number : found_[marker_index].numbers) {
      carried_markers_.push_back({0, number, event.line, NumberKey(epoch_, number)});
    }
  }
  if (flow_.size() > kSegmentBytes) {
    Segment(false);
    if (flow_.size() > kMaxSentenceBytes) Segment(true);
  }
}

void Reader::AddFootnote(Footnote footnote, int epoch) {
  const int64_t key = NumberKey(epoch, footnote.number);
  auto it = first_marker_line_.find(key);
  if (it != first_marker_line_.end()) footnote.marker_line = it->second;
  body_numbers_.insert(key);
  body_frontier_ = std::max(body_frontier_, key);
  bodies_[key] = footnote.citation();
  changed_ = true;
  footnotes_out_.push_back(std::move(footnote));
}

void Reader::CloseNumbering(int epoch) {
  // Every marker and body of this numbering is known: count and forget them,
  // so that memory does not grow with the number of chapters.
  const int64_t from = NumberKey(epoch, 0), to = NumberKey(epoch + 1, 0);
  auto markers_begin = marker_numbers_.lower_bound(from);
  auto markers_end = marker_numbers_.lower_bound(to);
  auto bodies_begin = body_numbers_.lower_bound(from);
  auto bodies_end = body_numbers_.lower_bound(to);
  for (auto it = markers_begin; it != markers_end; ++it) {
    ++stats_.distinct_markers;
    stats_.bodies_missing += body_numbers_.count(*it) ? 0 : 1;
  }
  for (auto it = bodies_begin; it != bodies_end; ++it) {
    stats_.bodies_unreferenced += marker_numbers_.count(*it) ? 0 : 1;
  }
  marker_numbers_.erase(markers_begin, markers_end);
  body_numbers_.erase(bodies_begin, bodies_end);
  first_marker_line_.erase(first_marker_line_.lower_bound(from),
                           first_marker_line_.lower_bound(to));
}

bool Reader::Settled(int64_t key) const {
  return bodies_.count(key) || key < body_frontier_ || EpochOf(key) < closed_epochs_;
}

void Reader::MakeSentence(size_t range_begin, size_t range_end, bool take_end) {
  size_t begin = range_begin, end = range_end;
  while (begin < end && flow_[begin] == ' ') ++begin;
  while (end > begin && flow_[end - 1] == ' ') --end;
  std::vector<MarkerRef> refs;
  std::vector<int64_t> keys;
  for (const FlowMarker& m : markers_) {
    if (m.offset >= range_begin && (m.offset < range_end || (take_end && m.offset == range_end))) {
      const size_t at = std::clamp(m.offset, begin, end) - begin;
      refs.push_back({m.number, at, m.line, false});
      keys.push_back(m.key);
    }
  }
  if (begin >= end) {
    // No text: markers go with the previous sentence.
    if (!pending_.empty()) {
      for (size_t i = 0; i < refs.size(); ++i) {
        refs[i].offset = pending_.back().sentence.text.size();
        pending_.back().sentence.markers.push_back(refs[i]);
        pending_.back().keys.push_back(keys[i]);
      }
    }
    return;
  }
  SectionState& section = sections_.back();
  Pending p;
  Sentence& s = p.sentence;
  s.index = next_sentence_++;
  s.doc_id = info_.id;
  s.text = flow_.substr(begin, end - begin);
  size_t last_char = end;
  utf8::Prev(flow_, &last_char);
  s.first_line = PieceAt(begin).line;
  s.last_line = PieceAt(last_char).line;
  s.char_begin = SourceChar(begin);
  s.char_end = SourceChar(last_char) + 1;
  s.section = section.section.index;
  s.section_title = section.section.title;
  s.markers = std::move(refs);
  p.keys = std::move(keys);
  if (!pending_.empty()) pending_.back().followed = true;
  if (section.section.first_line == 0) {
    // An untitled section starts with its first sentence.
    section.section.first_line = s.first_line;
    section.section.last_line = s.first_line;
  }
  if (!section.decided) {
    CountCountries(s.text, &section);
    ++section.sentences;
    MaybeDecide(&section, false);
  }
  pending_.push_back(std::move(p));
  ++stats_.sentences;
  changed_ = true;
}

void Reader::Segment(bool final) {
  if (final) {
    for (FlowMarker& m : carried_markers_) {
      m.offset = flow_.size();
      markers_.push_back(m);
    }
    carried_markers_.clear();
  }
  std::vector<size_t> ends;
  splitter_->Split(flow_, final, &ends);
  size_t start = 0;
  for (size_t i = 0; i < ends.size(); ++i) {
    MakeSentence(start, ends[i], final && i + 1 == ends.size());
    start = ends[i];
  }
  if (final) {
    start = flow_.size();
    if (!pending_.empty()) pending_.back().followed = true;
    changed_ = true;
    last_flow_char_ = 0;
  }
  if (start == 0) return;
  // Drop the segmented text and rebase the maps on what is left.
  std::vector<Piece> rebased;
  if (start < flow_.size()) {
    auto it = std::upper_bound(pieces_.begin(), pieces_.end(), start,
                               [](size_t off, const Piece& p) { return off < p.offset; });
    if (it != pieces_.begin()) {
      Piece carried = *(it - 1);
      if (carried.offset < start) {
        carried.src_char +=
            utf8::Length(std::string_view(flow_).substr(carried.offset, start - carried.offset));
      }
      carried.offset = 0;
      rebased.push_back(carried);
    }
    for (; it != pieces_.end(); ++it)
      rebased.push_back({it->offset - start, it->line, it->src_char});
  }
  pieces_.swap(rebased);
  std::vector<FlowMarker> markers;
  for (const FlowMarker& m : markers_) {
    if (m.offset >= start && !final) markers.push_back({m.offset - start, m.number, m.line, m.key});
  }
  markers_.swap(markers);
  flow_.erase(0, start);
}

void Reader::Release(bool all) {
  while (!pending_.empty()) {
    Pending& p = pending_.front();
    const bool force = all || pending_.size() > options_.max_pending_sentences;
    if (!force) {
      if (!p.followed) break;
      bool decided = true;
      for (const SectionState& st : sections_) {
        if (st.section.index == p.sentence.section) decided = st.decided;
      }
      if (!decided) break;
      bool settled = true;
      for (int64_t key : p.keys) settled &= Settled(key);
      // The next sentence's opening marker is cited too.
      if (pending_.size() > 1) {
        const Pending& next = pending_[1];
        for (size_t i = 0; i < next.keys.size(); ++i) {
          if (next.sentence.markers[i].offset == 0) settled &= Settled(next.keys[i]);
        }
      }
      if (!settled) break;
    }
    Sentence s = std::move(p.sentence);
    const std::vector<int64_t> keys = std::move(p.keys);
    pending_.pop_front();
    for (size_t i = 0; i < s.markers.size(); ++i) {
      auto it = bodies_.find(keys[i]);
      if (it != bodies_.end()) {
        s.markers[i].linked = true;
        ++stats_.markers_linked;
        s.citations.push_back(it->second);
      }
    }
    if (!pending_.empty()) {
      const Pending& next = pending_.front();
      for (size_t i = 0; i < next.keys.size(); ++i) {
        if (next.sentence.markers[i].offset != 0) continue;
        auto it = bodies_.find(next.keys[i]);
        if (it != bodies_.end()) s.next_citations.push_back(it->second);
      }
    }
    for (const SectionState& st : sections_) {
      if (st.section.index == s.section) s.country = st.section.country;
    }
    ready_.push_back(std::move(s));
  }
  // Sections that are decided, closed and have no waiting sentence go.
  while (
      sections_.size() > 1 && sections_.front().decided &&
      (pending_.empty() || pending_.front().sentence.section > sections_.front().section.index)) {
    sections_.pop_front();
  }
  // Keep the window of bodies small: numbers below every waiting marker
  // are no longer needed.
  if (bodies_.size() > 256) {
    int64_t lowest = body_frontier_;
    for (const Pending& p : pending_) {
      for (int64_t key : p.keys) lowest = std::min(lowest, key);
    }
    for (const FlowMarker& m : markers_) lowest = std::min(lowest, m.key);
    bodies_.erase(bodies_.begin(), bodies_.lower_bound(lowest - 1));
    first_marker_line_.erase(first_marker_line_.begin(),
                             first_marker_line_.lower_bound(lowest - 1));
  }
}

Status Reader::Pump() {
  LayoutEvent event;
  SPLOT_ASSIGN_OR_RETURN(bool got, layout_->Next(&event));
  if (!got) {
    Segment(true);
    MaybeDecide(&sections_.back(), true);
    input_done_ = true;
    Release(true);
    CloseNumbering(epoch_);
    return Status::OK();
  }
  switch (event.kind) {
    case LayoutEvent::Kind::kBodyLine:
      AddBodyLine(event);
      layout_->Recycle(std::move(event.text));  // the previous line's buffer
      break;
    case LayoutEvent::Kind::kTitle:
      Segment(true);
      if (!have_title_) {
        info_.title = event.text;
        have_title_ = true;
      }
      OpenSection(event.text, event.line, event.last_line);
      scanner_->AllowRestart();
      break;
    case LayoutEvent::Kind::kFootnote:
      AddFootnote(std::move(*event.footnote), event.epoch);
      break;
    case LayoutEvent::Kind::kNumberingEnd:
      changed_ = true;
      closed_epochs_ = std::max(closed_epochs_, event.epoch + 1);
      CloseNumbering(event.epoch);
      break;
  }
  // Only new sentences, bodies or decisions can let a sentence go.
  if (changed_) {
    changed_ = false;
    Release(false);
  }
  return Status::OK();
}

Result<bool> Reader::Next(Sentence* sentence) {
  while (ready_.empty()) {
    if (input_done_) return false;
    SPLOT_RETURN_IF_ERROR(Pump());
  }
  *sentence = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

std::vector<Footnote> Reader::TakeFootnotes() {
  std::vector<Footnote> out;
  out.swap(footnotes_out_);
  return out;
}

std::vector<Section> Reader::TakeSections() {
  std::vector<Section> out;
  out.swap(sections_out_);
  return out;
}

namespace {

Result<Document> CollectDocument(std::unique_ptr<Reader> reader) {
  Document doc;
  Sentence s;
  while (true) {
    SPLOT_ASSIGN_OR_RETURN(bool more, reader->Next(&s));
    if (!more) break;
    doc.sentences.push_back(std::move(s));
    for (Footnote& f : reader->TakeFootnotes()) doc.footnotes.push_back(std::move(f));
    for (Section& sec : reader->TakeSections()) doc.sections.push_back(std::move(sec));
  }
  for (Footnote& f : reader->TakeFootnotes()) doc.footnotes.push_back(std::move(f));
  for (Section& sec : reader->TakeSections()) doc.sections.push_back(std::move(sec));
  std::stable_sort(doc.footnotes.begin(), doc.footnotes.end(),
                   [](const Footnote& a, const Footnote& b) { return a.number < b.number; });
  std::map<int, int64_t> sentence_of_marker;
  for (const Sentence& st : doc.sentences) {
    for (const MarkerRef& m : st.markers) sentence_of_marker.emplace(m.number, st.index);
  }
  for (Footnote& f : doc.footnotes) {
    auto it = sentence_of_marker.find(f.number);
    if (it != sentence_of_marker.end()) f.sentence_index = it->second;
  }
  doc.info = reader->info();
  doc.stats = reader->stats();
  return doc;
}

}  // namespace

Result<Document> ReadDocument(const std::string& path, const ReaderOptions& options) {
  SPLOT_ASSIGN_OR_RETURN(auto reader, Reader::Open(path, options));
  return CollectDocument(std::move(reader));
}

Result<Document> ReadDocumentFromBytes(std::string bytes, std::string name,
                                       const ReaderOptions& options) {
  SPLOT_ASSIGN_OR_RETURN(auto reader,
                         Reader::FromBytes(std::move(bytes), std::move(name), options));
  return CollectDocument(std::move(reader));
}

}  // namespace splot::ingest
