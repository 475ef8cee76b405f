#include "ingest/segment.h"

#include <array>
#include <cstring>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include "ingest/utf8.h"

namespace splot::ingest {
namespace {

// Longest sentence handed on; longer runs are cut (see Split).
constexpr size_t kMaxSentenceBytes = 4000;

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n'; }

bool IsOpening(char32_t c) {
  return c == '(' || c == '[' || c == '"' || c == '\'' || c == 0x201E || c == 0x201C || c == 0x00AB;
}

std::string LowerUtf8(std::string_view s) {
  bool ascii = true;
  for (char c : s) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
  std::string out;
  for (size_t i = 0; i < s.size();) {
    utf8::Append(static_cast<char32_t>(u_tolower(static_cast<UChar32>(utf8::Next(s, &i)))), &out);
  }
  return out;
}

// The whitespace-delimited word ending at the end of `text`, without
// opening quotes or brackets.
std::string_view LastWord(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && IsSpaceByte(text[end - 1])) --end;
  size_t begin = end;
  while (begin > 0 && !IsSpaceByte(text[begin - 1])) --begin;
  std::string_view word = text.substr(begin, end - begin);
  while (!word.empty()) {
    size_t i = 0;
    char32_t c = utf8::Next(word, &i);
    if (!IsOpening(c)) break;
    word.remove_prefix(i);
  }
  return word;
}

// True when a boundary at `at` falls inside a quotation opened in the
// current sentence [from, stop) that closes within a few words and is
// followed by the rest of the sentence: the quoted name "INNOPROM. Wielki
// Tydzień", na której ... is not two sentences.
bool InsideShortQuote(std::string_view text, size_t from, size_t stop, size_t at) {
  constexpr size_t kReach = 60;
  const size_t limit = std::min(text.size(), at + kReach);
  const size_t close = text.find('"', at);
  if (close == std::string_view::npos || close >= limit) return false;
  int quotes = 0;
  for (size_t i = from; i < stop; ++i) quotes += text[i] == '"';
  if (quotes % 2 == 0) return false;
  size_t k = close + 1;
  while (k < text.size() && text[k] == ' ') ++k;
  if (k >= text.size()) return false;
  const char next = text[k];
  if (next == ',' || next == ';' || next == ':' || next == '-') return true;
  size_t j = k;
  char32_t c = utf8::Next(text, &j);
  return u_islower(static_cast<UChar32>(c));
}

// Bytes that may start a terminator in UTF-8.
constexpr auto kMayStartTerminator = [] {
  std::array<bool, 256> table{};
  table['.'] = table['!'] = table['?'] = true;
  for (int b = 0xE2; b <= 0xEF; ++b) table[b] = true;
  return table;
}();

// Sentence terminators (UAX #29 ATerm and STerm) that Polish and Russian
// texts use.
bool IsTerminator(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203C || c == 0x2047 ||
         c == 0x2048 || c == 0x2049 || c == 0x3002 || c == 0xFF01 || c == 0xFF0E || c == 0xFF1F;
}

// Closing punctuation and quotes (UAX #29 Close); '<' and '>' count, as ICU
// reads them as brackets here.
bool IsClose(char32_t c) {
  if (c < 0x80) {
    return c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '<' || c == '>';
  }
  const int8_t type = u_charType(static_cast<UChar32>(c));
  return type == U_START_PUNCTUATION || type == U_END_PUNCTUATION ||
         type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION || c == 0x00AB || c == 0x00BB;
}

}  // namespace

SentenceSplitter::SentenceSplitter(const ontology::SegmentRules& rules) : rules_(rules) {
  UErrorCode status = U_ZERO_ERROR;
  iterator_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("pl"), status));
  if (U_FAILURE(status)) iterator_.reset();
  for (const std::string& a : rules.abbreviations) abbreviations_.insert(LowerUtf8(a));
  for (const std::string& d : rules.initial_digraphs) digraphs_.insert(d);
  for (const std::string& w : rules.ordinal_not_after) not_after_.insert(w);
}

SentenceSplitter::~SentenceSplitter() {
  // The iterator refers to text_; it goes first.
  iterator_.reset();
  if (text_) utext_close(text_);
}

bool SentenceSplitter::KeepsTogether(std::string_view before, std::string_view next) const {
  std::string_view word = LastWord(before);
  if (word.empty() || word.back() != '.') return false;
  if (word.size() <= 16 && abbreviations_.count(LowerUtf8(word))) return true;

  // Initials: one or more of (capital [lowercase]) followed by a stop.
  {
    bool initials = true;
    size_t i = 0;
    int groups = 0;
    while (i < word.size() && initials) {
      size_t start = i;
      char32_t c = utf8::Next(word, &i);
      if (!u_isupper(static_cast<UChar32>(c))) {
        initials = false;
        break;
      }
      if (i < word.size() && word[i] != '.') {
        char32_t c2 = utf8::Next(word, &i);
        if (!u_islower(static_cast<UChar32>(c2)) ||
            !digraphs_.count(std::string(word.substr(start, i - start)))) {
          initials = false;
          break;
        }
      }
      if (i >= word.size() || word[i] != '.') {
        initials = false;
        break;
      }
      ++i;
      ++groups;
    }
    if (initials && groups > 0) return true;
  }

  // Ordinals: "10. posiedzenie", not "nr 1. Dalej".
  const size_t digits = word.size() - 1;
  if (digits >= 1 && static_cast<int>(digits) <= rules_.ordinal_max_digits) {
    bool all_digits = true;
    for (size_t k = 0; k < digits; ++k) all_digits &= word[k] >= '0' && word[k] <= '9';
    if (all_digits) {
      size_t k = 0;
      while (k < next.size() && IsSpaceByte(next[k])) ++k;
      if (k < next.size()) {
        size_t j = k;
        char32_t c = utf8::Next(next, &j);
        if (u_isalpha(static_cast<UChar32>(c))) {
          std::string_view rest = before.substr(0, before.size() - word.size());
          std::string_view prev = LastWord(rest);
          while (!prev.empty() && (prev.back() == '.' || prev.back() == ',')) prev.remove_suffix(1);
          if (!not_after_.count(std::string(prev))) return true;
        }
      }
    }
  }
  return false;
}

void SentenceSplitter::Split(std::string_view text, bool final, std::vector<size_t>* ends) {
  if (text.empty()) return;
  auto has_word = [&](size_t from, size_t to) {
    for (size_t i = from; i < to;) {
      const auto b = static_cast<unsigned char>(text[i]);
      if (b < 0x80) {
        if ((b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')) return true;
        ++i;
        continue;
      }
      if (u_isalnum(static_cast<UChar32>(utf8::Next(text, &i)))) return true;
    }
    return false;
  };
  if (!iterator_) {
    if (final) ends->push_back(text.size());
    return;
  }
  // UAX #29 places sentence boundaries only after a terminator, its closing
  // punctuation and spaces, and decides from the letter before the
  // terminator and the text up to the first letter after it.  So ICU reads
  // a small window around each terminator instead of the whole text: the
  // same decisions at a fraction of the cost.
  const size_t n = text.size();
  size_t last = 0;
  // A run of text without a sentence end (a table, a list, a damaged file)
  // is cut at spaces into pieces of at most kMaxSentenceBytes: what reads
  // sentences later is linear in their number, not in one sentence's length.
  auto cut_long = [&](size_t to) {
    while (to - last > kMaxSentenceBytes) {
      size_t cut = last + kMaxSentenceBytes;
      while (cut > last && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      size_t space = cut;
      while (space > last + kMaxSentenceBytes / 2 && !IsSpaceByte(text[space - 1])) --space;
      if (space > last + kMaxSentenceBytes / 2) cut = space;
      ends->push_back(cut);
      last = cut;
    }
  };
  size_t i = 0;
  while (i < n) {
    // The next byte that may start a terminator: '.', '!', '?', or the
    // lead byte of a longer one (…, ‼, 。, full-width forms).
    while (i < n && !kMayStartTerminator[static_cast<unsigned char>(text[i])]) ++i;
    if (i >= n) break;
    const size_t t = i;
    size_t j = i;
    if (!IsTerminator(utf8::Next(text, &j))) {
      i = j;
      continue;
    }
    // The rest of the terminator run, closing punctuation and spaces.
    size_t r = j;
    while (r < n) {
      size_t k = r;
      if (!IsTerminator(utf8::Next(text, &k))) break;
      r = k;
    }
    // "<...>", "[...]": words left out of a quotation, never a sentence end.
    if (t > 0 && (text[t - 1] == '<' || text[t - 1] == '[') && r < n &&
        (text[r] == '>' || text[r] == ']')) {
      i = r;
      continue;
    }
    size_t c = r;
    while (c < n) {
      size_t k = c;
      const char32_t ch = utf8::Next(text, &k);
      if (!IsClose(ch) && !utf8::IsSpace(ch)) break;
      c = k;
    }
    // The first letter after them decides; wait for it if the text ends.
    size_t f = c;
    bool letter = false;
    while (f < n && f - c < 200) {
      size_t k = f;
      if (u_isalpha(static_cast<UChar32>(utf8::Next(text, &k)))) {
        letter = true;
        break;
      }
      f = k;
    }
    if (!letter && f >= n) break;  // not enough text yet (or the end: see below)
    size_t window_end = f;
    if (letter) utf8::Next(text, &window_end);
    // From a few characters before the terminator.
    size_t window_start = t;
    for (int back = 0; back < 24 && window_start > 0; ++back) utf8::Prev(text, &window_start);
    const size_t boundary = IcuBoundaryAfter(text, window_start, t, f, window_end);
    i = r;
    if (boundary == std::string_view::npos) continue;
    const size_t at = boundary;
    if (at >= n) break;
    size_t stop = at;
    while (stop > last && IsSpaceByte(text[stop - 1])) --stop;
    if (stop > last && text[stop - 1] == '.' &&
        KeepsTogether(text.substr(0, stop), text.substr(at))) {
      continue;
    }
    if (!has_word(last, at)) continue;  // punctuation only: stays with what follows
    if (InsideShortQuote(text, last, stop, at)) continue;
    cut_long(at);
    ends->push_back(at);
    last = at;
  }
  cut_long(n);
  if (final && last < text.size()) {
    if (!ends->empty() && !has_word(last, text.size())) {
      ends->back() = text.size();
    } else {
      ends->push_back(text.size());
    }
  }
}

size_t SentenceSplitter::IcuBoundaryAfter(std::string_view text, size_t window_start,
                                          size_t terminator, size_t first_letter,
                                          size_t window_end) {
  // UTF-16 copy of the window with the byte offset of each unit.  ICU does
  // not count '<' '>' as brackets, so "<...>. Next" would split after the
  // ellipsis; the copy has round brackets there instead.
  const size_t bytes = window_end - window_start;
  if (units_.size() < bytes) units_.resize(bytes);
  if (byte_of_.size() < bytes) byte_of_.resize(bytes);
  int32_t u = 0;
  int32_t terminator_unit = -1, letter_unit = -1;
  for (size_t i = window_start; i < window_end;) {
    const size_t at = i;
    if (at == terminator) terminator_unit = u;
    if (at == first_letter) letter_unit = u;
    char32_t c = utf8::Next(text, &i);
    if (c == '<') c = '(';
    if (c == '>') c = ')';
    if (c >= 0x10000) {
      units_[u] = static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10));
      byte_of_[u++] = static_cast<uint32_t>(at);
      units_[u] = static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      units_[u] = static_cast<char16_t>(c);
    }
    byte_of_[u++] = static_cast<uint32_t>(at);
  }
  const int32_t length = u;
  if (letter_unit < 0) letter_unit = length;
  UErrorCode status = U_ZERO_ERROR;
  text_ = utext_openUChars(text_, reinterpret_cast<const UChar*>(units_.data()), length, &status);
  if (U_FAILURE(status)) return std::string_view::npos;
  iterator_->setText(text_, status);
  if (U_FAILURE(status)) return std::string_view::npos;
  const int32_t b = iterator_->following(terminator_unit);
  // A boundary at the window's end is only its edge.
  if (b == icu::BreakIterator::DONE || b >= length || b > letter_unit) {
    return std::string_view::npos;
  }
  return byte_of_[b];
}

}  // namespace splot::ingest
