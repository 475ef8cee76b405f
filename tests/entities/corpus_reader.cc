#include "tests/entities/corpus_reader.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <stdexcept>

namespace splot::testing {

namespace {

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  size_t p = 0;
  while ((p = s->find(from, p)) != std::string::npos) {
    s->replace(p, from.size(), to);
    p += to.size();
  }
}

bool Blank(const std::string& l) { return l.find_first_not_of(" \t\r") == std::string::npos; }

std::string Escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      o += ' ';
    } else {
      o += c;
    }
  }
  return o;
}

}  // namespace

std::vector<CorpusSentence> ReadCorpusCrudely(
    const std::filesystem::path& path,
    const std::vector<std::pair<std::string, std::string>>& repairs) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);

  // Body text, with the line each piece starts on.
  std::string text;
  std::vector<std::pair<size_t, int>> starts;
  bool footnote = false;
  // A footnote marker glued to a sentence start: "5Nowe", "12\"Pod".
  const std::regex marker("(^|[\\s\"(])[0-9]{1,6}(?=[A-ZŁŚŻĆŹ]|[\"„][A-ZŁŚŻĆŹ])");
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string l = lines[i];
    for (const auto& [from, to] : repairs) ReplaceAll(&l, from, to);
    ReplaceAll(&l, "Μ", "M");          // Greek capital mu in initials
    if (Blank(l) && l.size() >= 20) {  // the separator above footnotes
      footnote = true;
      continue;
    }
    size_t first = l.find_first_not_of(' ');
    if (first != std::string::npos && l.find_first_not_of("0123456789 \r") == std::string::npos &&
        l.size() - first <= 6) {
      footnote = false;  // a page number ends the page's footnotes
      continue;
    }
    if (footnote) {
      // Body resumes on a line indented by one space that is not a
      // footnote's own "N Author" start.
      if (l.size() > 1 && l[0] == ' ' && l[1] != ' ' &&
          !std::isdigit(static_cast<unsigned char>(l[1]))) {
        footnote = false;
      } else if (l.size() > 2 && l[0] == ' ' && std::isdigit(static_cast<unsigned char>(l[1]))) {
        size_t k = 1;
        while (k < l.size() && std::isdigit(static_cast<unsigned char>(l[k]))) ++k;
        if (k < l.size() && l[k] != ' ') footnote = false;
      }
      if (footnote) continue;
    }
    if (Blank(l)) {
      size_t k = i + 1;
      while (k < lines.size() && Blank(lines[k]) && lines[k].size() < 20) ++k;
      bool before_separator = k < lines.size() && Blank(lines[k]);
      if (!before_separator) text += "\n\n";
      continue;
    }
    std::string t = l.substr(first);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\r')) t.pop_back();
    t = std::regex_replace(t, marker, "$1");
    if (!text.empty() && text.back() != '\n' && text.back() != '-') text += ' ';
    starts.push_back({text.size(), static_cast<int>(i) + 1});
    text += t;
  }

  // Sentences: cut at ". X" unless the word before is an abbreviation, an
  // initial or an ordinal, or the period is inside a short quotation.
  static const char* kAbbreviations[] = {"r",  "ds", "im",  "mln", "tys", "ul",
                                         "np", "in", "tzw", "ok",  "mld", "prof",
                                         "dr", "nr", "tj",  "ang", "ros"};
  std::vector<std::pair<size_t, size_t>> spans;
  size_t b = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
      if (i > b) spans.push_back({b, i});
      b = i + 2;
      ++i;
      continue;
    }
    if ((c != '.' && c != '?' && c != '!') || i + 2 >= text.size() || text[i + 1] != ' ') continue;
    unsigned char next = static_cast<unsigned char>(text[i + 2]);
    if (!((next >= 'A' && next <= 'Z') || next == '"' || next >= 0xC3)) continue;
    size_t w = i;
    while (w > b && std::isalpha(static_cast<unsigned char>(text[w - 1]))) --w;
    std::string word = text.substr(w, i - w);
    bool abbreviation = std::any_of(std::begin(kAbbreviations), std::end(kAbbreviations),
                                    [&](const char* a) { return word == a; });
    if (abbreviation || (word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0]))))
      continue;
    size_t d = i;
    while (d > b && std::isdigit(static_cast<unsigned char>(text[d - 1]))) --d;
    if (d < i && i - d <= 3) continue;
    int quotes = 0;
    for (size_t k = std::max(b, i >= 80 ? i - 80 : 0); k < i; ++k) quotes += text[k] == '"';
    size_t close = text.find('"', i);
    if (quotes % 2 == 1 && close != std::string::npos && close - i < 60) continue;
    spans.push_back({b, i + 1});
    b = i + 2;
  }
  if (b < text.size()) spans.push_back({b, text.size()});

  std::vector<CorpusSentence> out;
  for (auto [sb, se] : spans) {
    CorpusSentence s;
    s.text = text.substr(sb, se - sb);
    std::replace(s.text.begin(), s.text.end(), '\n', ' ');
    auto it = std::upper_bound(starts.begin(), starts.end(), std::make_pair(sb, INT32_MAX));
    s.line = it == starts.begin() ? 1 : std::prev(it)->second;
    for (const auto& [offset, line] : starts) {
      if (offset > sb && offset < se) s.line_breaks.push_back(offset - sb);
    }
    out.push_back(std::move(s));
  }
  return out;
}

void WriteExportJson(const std::vector<ingest::EntityFact>& entities,
                     const std::filesystem::path& path) {
  std::ofstream out(path);
  out << "{\"nodes\": [\n";
  for (size_t n = 0; n < entities.size(); ++n) {
    const ingest::EntityFact& e = entities[n];
    out << (n ? ",\n" : "") << "{\"id\": \"n" << n << "\", \"key\": \"" << Escape(e.key)
        << "\", \"label\": \"" << Escape(e.label) << "\", \"name\": \"" << Escape(e.name)
        << "\", \"aliases\": [";
    for (size_t i = 0; i < e.aliases.size(); ++i) {
      out << (i ? ", " : "") << "\"" << Escape(e.aliases[i]) << "\"";
    }
    out << "], \"lines\": [";
    for (size_t i = 0; i < e.lines.size(); ++i) out << (i ? ", " : "") << e.lines[i];
    out << "]}";
  }
  out << "\n], \"edges\": []}\n";
}

void ChapterTracker::Saw(const std::string& country_key) {
  static const char* kCentralAsia[] = {"country:uz", "country:kz", "country:tj", "country:kg",
                                       "country:tm"};
  if (std::none_of(std::begin(kCentralAsia), std::end(kCentralAsia),
                   [&](const char* k) { return country_key == k; })) {
    return;
  }
  recent_.push_back(country_key);
  if (recent_.size() > window_) recent_.erase(recent_.begin());
}

std::string ChapterTracker::Current() const {
  std::map<std::string, int> counts;
  for (const std::string& k : recent_) counts[k]++;
  std::string best;
  int most = 0;
  for (const auto& [k, n] : counts) {
    if (n > most) {
      most = n;
      best = k;
    }
  }
  return best;
}

}  // namespace splot::testing
