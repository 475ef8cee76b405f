#include "ingest/citation.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "ingest/utf8.h"

namespace splot::ingest {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A year 1800-2099 written as four digits at s[i].
bool YearAt(std::string_view s, size_t i) {
  if (i + 4 > s.size()) return false;
  for (size_t k = i; k < i + 4; ++k) {
    if (!IsDigit(s[k])) return false;
  }
  if (i > 0 && IsDigit(s[i - 1])) return false;
  if (i + 4 < s.size() && IsDigit(s[i + 4])) return false;
  return (s[i] == '1' && s[i + 1] >= '8') || (s[i] == '2' && s[i + 1] == '0');
}

// Offset of the bibliographic year "- 2018." (or ", 2019.") in s, or npos.
size_t BibliographicYear(std::string_view s, size_t from, size_t* year_pos) {
  for (size_t i = from; i + 6 <= s.size(); ++i) {
    if ((s[i] == '-' || s[i] == ',') && s[i + 1] == ' ' && YearAt(s, i + 2) &&
        (i + 6 == s.size() || s[i + 6] == '.' || s[i + 6] == ' ')) {
      *year_pos = i + 2;
      return i;
    }
  }
  return std::string_view::npos;
}

bool IsUrlChar(unsigned char c) {
  return std::isalnum(c) || std::string_view("-/._~%?=&#:!+,;@$()*'").find(static_cast<char>(c)) !=
                                std::string_view::npos;
}

bool IsUrlPunct(char c) {
  return std::string_view("-/._=&?#~:!+%").find(c) != std::string_view::npos;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// ASCII-case-insensitive search (cues are ASCII or differ only in ASCII
// letters' case).
size_t FindCaseInsensitive(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  const char first_lower = AsciiLower(needle[0]);
  const bool letter = first_lower >= 'a' && first_lower <= 'z';
  const char first_upper = letter ? static_cast<char>(first_lower - 32) : first_lower;
  const size_t end = hay.size() - needle.size() + 1;
  for (size_t i = from; i < end; ++i) {
    if (!letter) {
      // The cue starts with a sign ("[", "/"): jump to its occurrences.
      const void* hit = std::memchr(hay.data() + i, first_lower, end - i);
      if (!hit) return std::string_view::npos;
      i = static_cast<size_t>(static_cast<const char*>(hit) - hay.data());
    } else if (hay[i] != first_lower && hay[i] != first_upper) {
      continue;
    }
    size_t k = 1;
    while (k < needle.size() && AsciiLower(hay[i + k]) == AsciiLower(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

size_t FindUrlStart(std::string_view text, const ontology::LayoutRules& rules, size_t from) {
  size_t best = std::string_view::npos;
  for (const std::string& cue : rules.url_cues) {
    size_t p = text.find(cue, from);
    if (p < best) best = p;
  }
  return best;
}

// Length of an author prefix "Surname, I. " or "Surname, I.I. " at the start.
size_t AuthorPrefix(std::string_view s) {
  size_t i = 0;
  if (s.empty()) return 0;
  size_t k = 0;
  char32_t first = utf8::Next(s, &k);
  if (!u_isupper(static_cast<UChar32>(first))) return 0;
  i = k;
  while (i < s.size()) {
    size_t j = i;
    char32_t c = utf8::Next(s, &j);
    if (c == ',') break;
    if (!u_isalpha(static_cast<UChar32>(c)) && c != '-' && c != '\'') return 0;
    i = j;
  }
  if (i >= s.size() || s[i] != ',') return 0;
  ++i;
  if (i >= s.size() || s[i] != ' ') return 0;
  ++i;
  // One or more initials: a capital, an optional lowercase letter, a stop.
  size_t initials_end = 0;
  size_t pos = i;
  while (pos < s.size()) {
    size_t j = pos;
    char32_t c = utf8::Next(s, &j);
    if (!u_isupper(static_cast<UChar32>(c))) break;
    if (j < s.size() && s[j] != '.') {
      size_t j2 = j;
      char32_t c2 = utf8::Next(s, &j2);
      if (!u_islower(static_cast<UChar32>(c2))) break;
      j = j2;
    }
    if (j >= s.size() || s[j] != '.') break;
    pos = j + 1;
    initials_end = pos;
    if (pos < s.size() && s[pos] == ' ') {
      // Either the title follows or another initial after a space.
      size_t look = pos + 1;
      size_t l2 = look;
      if (look < s.size()) {
        char32_t n1 = utf8::Next(s, &l2);
        if (u_isupper(static_cast<UChar32>(n1)) && l2 < s.size() && s[l2] == '.') {
          pos = look;
          continue;
        }
      }
      break;
    }
  }
  if (initials_end == 0) return 0;
  while (initials_end < s.size() && s[initials_end] == ' ') ++initials_end;
  return initials_end;
}

}  // namespace

bool HasResourceCue(std::string_view line, const ontology::LayoutRules& rules) {
  for (const std::string& cue : rules.resource_cues) {
    if (FindCaseInsensitive(line, cue) != std::string_view::npos) return true;
  }
  return !rules.url_label.empty() && line.find(rules.url_label) != std::string_view::npos;
}

bool LooksLikeCitation(std::string_view line, const ontology::LayoutRules& rules) {
  for (const std::string& cue : rules.citation_cues) {
    if (line.find(cue) != std::string_view::npos) return true;
  }
  std::string_view t = Trim(line);
  if (t.empty()) return false;
  // A bare URL fragment: ASCII URL characters, few spaces, hyphens or slashes.
  if (t.size() >= 10) {
    int spaces = 0;
    bool url_chars = true, joiner = false;
    for (char c : t) {
      if (c == ' ') {
        ++spaces;
        continue;
      }
      if (!IsUrlChar(static_cast<unsigned char>(c))) {
        url_chars = false;
        break;
      }
      joiner |= c == '-' || c == '/';
    }
    if (url_chars && joiner && spaces <= 2) {
      // A slug has more hyphens or slashes than spaces.
      int joins = static_cast<int>(std::count(t.begin(), t.end(), '-') +
                                   std::count(t.begin(), t.end(), '/'));
      if (joins > spaces) return true;
    }
  }
  // A bibliographic year: "- 2018. -", or a line that is just "2017."
  size_t year_pos;
  if (BibliographicYear(t, 0, &year_pos) != std::string_view::npos && t[0] != ',') {
    size_t at = year_pos - 2;
    if (t[at] == '-') return true;
  }
  if (t.size() <= 6 && YearAt(t, 0) && (t.size() == 4 || t[4] == '.')) return true;
  return false;
}

std::string ReassembleUrl(std::string_view raw) {
  std::string_view s = Trim(raw);
  size_t start = std::min(s.find("http"), s.find("www."));
  if (start != std::string_view::npos) s.remove_prefix(start);
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    std::string_view token = s.substr(i, j == std::string_view::npos ? s.size() - i : j - i);
    i = j == std::string_view::npos ? s.size() : j + 1;
    if (token.empty()) continue;
    if (out.empty()) {
      out.assign(token);
      continue;
    }
    const char a = out.back();
    const char b = token.front();
    if (IsUrlPunct(a) || IsUrlPunct(b)) {
      out.append(token);
      continue;
    }
    const bool in_query = out.find('?') != std::string::npos;
    const size_t seg_start = out.rfind('/');
    std::string_view seg_left = seg_start == std::string::npos
                                    ? std::string_view(out)
                                    : std::string_view(out).substr(seg_start + 1);
    std::string_view seg_right = token.substr(0, std::min(token.size(), token.find('/')));
    const bool hyphenated = seg_left.find('-') != std::string_view::npos ||
                            seg_right.find('-') != std::string_view::npos;
    if (!in_query && hyphenated) {
      out.append(token);
    } else {
      out.push_back('_');
      out.append(token);
    }
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ',')) out.pop_back();
  return out;
}

void ParseCitation(const ontology::LayoutRules& rules, Footnote* fn) {
  std::string& text = fn->text;
  // URL: after the label, or from the first URL cue.
  size_t url_begin = std::string::npos;
  // After the label, something that looks like an address ("[Zasób ..."
  // left over from another body is not one).
  for (size_t label = rules.url_label.empty() ? std::string::npos : text.find(rules.url_label);
       label != std::string::npos; label = text.find(rules.url_label, label + 1)) {
    size_t p = label + rules.url_label.size();
    while (p < text.size() && text[p] == ' ') ++p;
    size_t token_end = std::min(text.find(' ', p), text.size());
    std::string_view token(text.data() + p, token_end - p);
    if (p < text.size() && std::isalnum(static_cast<unsigned char>(text[p])) &&
        (token.find('.') != std::string_view::npos || token.find('/') != std::string_view::npos)) {
      url_begin = p;
      break;
    }
  }
  size_t cue = FindUrlStart(text, rules, 0);
  if (url_begin == std::string::npos || (cue != std::string::npos && cue < url_begin)) {
    if (cue != std::string::npos) url_begin = cue;
  }
  if (url_begin != std::string::npos) {
    // A digit glued before the scheme ("1https://") is not part of the URL.
    size_t scheme = FindUrlStart(text, rules, url_begin);
    if (scheme != std::string::npos && scheme - url_begin <= 2) url_begin = scheme;
    fn->url = ReassembleUrl(std::string_view(text).substr(url_begin));
    text.resize(url_begin);
    text += fn->url;
  }
  const size_t limit = url_begin == std::string::npos ? text.size() : url_begin;
  std::string_view body(text.data(), limit);

  const size_t author_len = AuthorPrefix(body);
  if (author_len > 0) fn->author = std::string(Trim(body.substr(0, author_len)));
  size_t title_end = body.size();
  auto cut = [&](size_t p) {
    if (p != std::string_view::npos && p >= author_len && p < title_end) title_end = p;
  };
  cut(body.find(" / ", author_len));
  cut(body.find(" // ", author_len));
  for (const std::string& rc : rules.resource_cues) cut(FindCaseInsensitive(body, rc, author_len));
  if (!rules.url_label.empty()) cut(body.find(rules.url_label, author_len));
  size_t year_pos = 0;
  cut(BibliographicYear(body, author_len, &year_pos));
  cut(body.find(". - ", author_len));
  std::string_view title = Trim(body.substr(author_len, title_end - author_len));
  while (!title.empty() && (title.back() == '.' || title.back() == ',' || title.back() == ':' ||
                            title.back() == ' ')) {
    title.remove_suffix(1);
  }
  fn->title = std::string(title);

  // Year: the bibliographic one after the title, else any year outside the URL.
  if (BibliographicYear(body, title_end, &year_pos) != std::string_view::npos) {
    fn->year = std::string(body.substr(year_pos, 4));
  } else {
    for (size_t i = title_end; i + 4 <= body.size(); ++i) {
      if (YearAt(body, i)) {
        fn->year = std::string(body.substr(i, 4));
        break;
      }
    }
  }
}

}  // namespace splot::ingest
