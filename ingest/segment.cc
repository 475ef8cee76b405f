#include "ingest/segment.h"

#include <cstring>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include "ingest/utf8.h"

namespace splot::ingest {
namespace {

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
  // ICU reads a UTF-16 copy.  It does not count '<' '>' as brackets, so
  // "<...>. Next" would split after the ellipsis; the copy has round
  // brackets instead (same length, same offsets).
  // UTF-16 for ICU, with the byte offset of every unit.  ICU does not count
  // '<' '>' as brackets, so "<...>. Next" would split after the ellipsis;
  // the copy has round brackets there instead.
  if (units_.size() < text.size()) units_.resize(text.size());
  if (byte_of_.size() < text.size() + 1) byte_of_.resize(text.size() + 1);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t u = 0;
  for (size_t i = 0; i < n;) {
    // Eight ASCII bytes at a time (none of them '<' or '>').
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      const uint64_t lt = w ^ 0x3C3C3C3C3C3C3C3CULL, gt = w ^ 0x3E3E3E3E3E3E3E3EULL;
      constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
      const bool has_bracket = ((lt - kOnes) & ~lt & kHighs) || ((gt - kOnes) & ~gt & kHighs);
      if ((w & kHighs) || has_bracket) break;
      for (int k = 0; k < 8; ++k) {
        units_[u + k] = p[i + k];
        byte_of_[u + k] = static_cast<uint32_t>(i + k);
      }
      u += 8;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char b = p[i];
    if (b < 0x80) {
      units_[u] = b == '<' ? u'(' : b == '>' ? u')' : static_cast<char16_t>(b);
      byte_of_[u++] = static_cast<uint32_t>(i++);
      continue;
    }
    const size_t at = i;
    const char32_t c = utf8::Next(text, &i);
    if (c >= 0x10000) {
      units_[u] = static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10));
      byte_of_[u++] = static_cast<uint32_t>(at);
      units_[u] = static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      units_[u] = static_cast<char16_t>(c);
    }
    byte_of_[u++] = static_cast<uint32_t>(at);
  }
  byte_of_[u] = static_cast<uint32_t>(n);
  // Read in place through UText: setText(UnicodeString) would copy it.
  UErrorCode status = U_ZERO_ERROR;
  text_ = utext_openUChars(text_, reinterpret_cast<const UChar*>(units_.data()),
                           static_cast<int64_t>(u), &status);
  if (U_FAILURE(status)) {
    if (final) ends->push_back(text.size());
    return;
  }
  iterator_->setText(text_, status);
  auto byte_of = [&](int32_t unit) { return static_cast<size_t>(byte_of_[unit]); };
  size_t last = 0;
  for (int32_t b = iterator_->next(); b != icu::BreakIterator::DONE; b = iterator_->next()) {
    const size_t at = byte_of(b);
    if (at >= text.size()) break;
    if (!final) {
      // Too little text after the boundary to trust it yet.
      size_t visible = 0;
      for (size_t k = at; k < text.size() && visible < 2; ++k) visible += !IsSpaceByte(text[k]);
      if (visible < 2) break;
    }
    size_t stop = at;
    while (stop > last && IsSpaceByte(text[stop - 1])) --stop;
    if (stop > last && text[stop - 1] == '.' &&
        KeepsTogether(text.substr(0, stop), text.substr(at))) {
      continue;
    }
    if (!has_word(last, at)) continue;  // punctuation only: stays with what follows
    if (InsideShortQuote(text, last, stop, at)) continue;
    ends->push_back(at);
    last = at;
  }
  if (final && last < text.size()) {
    if (!ends->empty() && !has_word(last, text.size())) {
      ends->back() = text.size();
    } else {
      ends->push_back(text.size());
    }
  }
}

}  // namespace splot::ingest
