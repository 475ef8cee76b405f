#include "ingest/markers.h"

#include <unicode/uchar.h>

#include <cstring>
#include <string_view>

#include "ingest/utf8.h"

namespace splot::ingest {
namespace {

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsLetter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_isalpha(static_cast<UChar32>(c));
}
bool IsQuote(char32_t c) {
  return c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB ||
         c == 0x00BB;
}
// Characters after which a number continues or belongs to a token.  A
// full stop, comma or colon only does so after a digit ("1.5", "3,3", "12:30");
// after a word it ends a clause and a marker may follow (".385").
bool GluesBefore(char32_t c, char32_t before_c) {
  if (IsLetter(c) || IsDigit(c)) return true;
  if (c == '.' || c == ',' || c == ':') return IsDigit(before_c);
  return std::u32string_view(U"-/+&#%=_@§").find(c) != std::u32string_view::npos;
}
bool EndsSentence(char32_t c) {
  return c == 0 || c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ')' || c == ']' ||
         IsQuote(c);
}

}  // namespace

MarkerScanner::MarkerScanner(const ontology::LayoutRules& rules) : rules_(rules) {}

bool MarkerScanner::IsYearWord(std::string_view line, size_t from) const {
  size_t i = from;
  if (i < line.size() && line[i] == ' ') ++i;
  std::string word;
  size_t j = i;
  while (j < line.size() && word.size() < 16) {
    size_t k = j;
    const char32_t c = utf8::Next(line, &k);
    if (!IsLetter(c)) break;
    utf8::Append(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))), &word);
    j = k;
  }
  if (word.empty()) return false;
  if (j < line.size() && line[j] == '.') word.push_back('.');
  for (const std::string& w : rules_.year_words) {
    if (w == word) return true;
  }
  return false;
}

void MarkerScanner::ScanLine(std::string_view line, char32_t prev, std::vector<FoundMarker>* out) {
  const size_t n = line.size();
  const int gap = rules_.marker_max_gap;
  size_t context_end = 0;  // prev_nonspace describes line[0, context_end)
  char32_t prev_nonspace = prev;
  for (size_t i = 0; i < n;) {
    // Jump to the next digit; the context is worked out only there.
    while (i + 8 <= n) {
      // Eight bytes without a digit at a time: with '0' taken out by XOR, a
      // digit is the only byte below 10.
      uint64_t w;
      std::memcpy(&w, line.data() + i, 8);
      const uint64_t t = w ^ 0x3030303030303030ULL;
      if ((t - 0x0A0A0A0A0A0A0A0AULL) & ~t & 0x8080808080808080ULL) break;
      i += 8;
    }
    while (i < n && !IsDigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= n) break;
    // The two characters before the digits and the last non-space one.
    char32_t before = ' ', before2 = ' ';
    if (i > 0) {
      size_t k = i;
      before = utf8::Prev(line, &k);
      if (k > 0) before2 = utf8::Prev(line, &k);
    }
    {
      size_t k = i;
      char32_t found_nonspace = 0;
      while (k > context_end) {
        const char32_t c = utf8::Prev(line, &k);
        if (!utf8::IsSpace(c)) {
          found_nonspace = c;
          break;
        }
      }
      if (found_nonspace) prev_nonspace = found_nonspace;
      context_end = i;
    }
    size_t e = i;
    while (e < n && IsDigit(static_cast<unsigned char>(line[e]))) ++e;
    const size_t s = i;
    i = e;
    size_t k = e;
    const char32_t after = e < n ? utf8::Next(line, &k) : ' ';
    const char32_t after2 = k < n ? utf8::Next(line, &k) : ' ';
    const char32_t last_digit = static_cast<unsigned char>(line[e - 1]);
    auto remember = [&] {
      prev_nonspace = last_digit;
      context_end = e;
    };
    if (GluesBefore(before, before2) || e - s > 8) {
      remember();
      continue;
    }
    // Part of a larger number or a range.
    if (((after == ',' || after == '.') && IsDigit(after2)) ||
        (after == '-' && (IsDigit(after2) || IsLetter(after2))) ||
        std::u32string_view(U"%)/:+°‰").find(after) != std::u32string_view::npos) {
      remember();
      continue;
    }
    const bool glued =
        IsLetter(after) || IsQuote(after) || after == '<' || after == '(' || after == '[';
    const bool sentence_context = EndsSentence(prev_nonspace) || IsQuote(before);
    if (!glued && !sentence_context) {
      remember();
      continue;
    }
    const std::string_view digits = line.substr(s, e - s);
    const bool year_like =
        digits.size() == 4 && (digits[0] == '1' || digits[0] == '2') && IsYearWord(line, e);
    if (year_like) {
      remember();
      continue;
    }
    FoundMarker found;
    size_t marker_digits = 0;
    // Only a marker glued to its word restarts the numbering: "1 maja"
    // opening a section is a date.
    if (restart_allowed_ && glued && expected_ > 1 && digits == "1") {
      found.numbers.push_back(1);
      found.restarted = true;
      marker_digits = 1;
    }
    // 1. The whole number continues the sequence.
    if (found.numbers.empty() && digits.size() <= 4) {
      int v = 0;
      for (char c : digits) v = v * 10 + (c - '0');
      if (v >= expected_ && v <= expected_ + gap) {
        found.numbers.push_back(v);
        marker_digits = digits.size();
      }
    }
    // 2. A chain of consecutive markers ("188189"), possibly repeating the
    //    last one ("8687" after 86).
    if (found.numbers.empty()) {
      for (int a = std::max(1, expected_ - 1); a <= expected_ + gap && found.numbers.empty(); ++a) {
        std::vector<int> chain;
        size_t pos = 0;
        for (int v = a; pos < digits.size(); ++v) {
          const std::string part = std::to_string(v);
          if (digits.compare(pos, part.size(), part) != 0) break;
          chain.push_back(v);
          pos += part.size();
        }
        if (pos == digits.size() && chain.size() >= 2 && chain.back() >= expected_) {
          found.numbers = chain;
          marker_digits = digits.size();
        }
      }
    }
    // 3. A marker followed by a real number ("9715" = 97 and 15); the
    //    number does not start with 0.
    if (found.numbers.empty()) {
      for (int v = expected_; v <= expected_ + gap && found.numbers.empty(); ++v) {
        const std::string part = std::to_string(v);
        if (digits.size() > part.size() && digits.compare(0, part.size(), part) == 0 &&
            digits[part.size()] != '0') {
          found.numbers.push_back(v);
          marker_digits = part.size();
        }
      }
    }
    if (found.numbers.empty()) {
      remember();
      continue;
    }
    found.begin = s;
    found.end = s + marker_digits;
    expected_ = found.numbers.back() + 1;
    restart_allowed_ = false;
    out->push_back(std::move(found));
    if (marker_digits < digits.size()) {
      remember();
    } else {
      context_end = e;  // the marker is no text: what came before still counts
    }
  }
}

}  // namespace splot::ingest
