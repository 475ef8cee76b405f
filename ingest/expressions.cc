#include "ingest/expressions.h"

#include "ontology/json_doc.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace splot::ingest {

namespace {

// ---- loading ------------------------------------------------------------------

using ontology::JsonValue;

struct JsonFile {
  std::string path;
  JsonValue doc;

  Status Error(const JsonValue& at, std::string_view field, const std::string& problem) const {
    return Status::InvalidArgument(path + ":" + std::to_string(at.line()) + ": field '" +
                                   std::string(field) + "': " + problem);
  }
  Status Missing(std::string_view field) const { return Error(doc, field, "missing"); }
};

Result<JsonFile> ReadJson(const std::filesystem::path& path) {
  JsonFile f;
  f.path = path.string();
  SPLOT_ASSIGN_OR_RETURN(f.doc, ontology::ParseJsonFile(path));
  if (!f.doc.is_object()) return Status::InvalidArgument(f.path + ":1: expected a JSON object");
  return f;
}

std::string FoldPhrase(const NameFolder& folder, std::string_view phrase) {
  return folder.Fold(phrase);
}

Status ReadNumberMap(const JsonFile& f, const JsonValue& obj, const char* field,
                     const NameFolder& folder, std::unordered_map<std::string, double>* out_d,
                     std::unordered_map<std::string, int>* out_i) {
  const JsonValue* map = obj.Find(field);
  if (!map) return f.Missing(field);
  if (!map->is_object()) return f.Error(*map, field, "expected an object of word: number");
  for (const auto& [name, value] : map->members()) {
    if (!value.is_number()) return f.Error(value, name, "expected a number");
    std::string key = FoldPhrase(folder, name);
    if (out_d) (*out_d)[key] = value.as_number();
    if (out_i) (*out_i)[key] = static_cast<int>(value.as_number());
  }
  return Status::OK();
}

Status ReadStringMap(const JsonFile& f, const JsonValue& obj, const char* field,
                     const NameFolder& folder, bool fold,
                     std::unordered_map<std::string, std::string>* out) {
  const JsonValue* map = obj.Find(field);
  if (!map) return f.Missing(field);
  if (!map->is_object()) return f.Error(*map, field, "expected an object of phrase: value");
  for (const auto& [name, value] : map->members()) {
    if (!value.is_string()) return f.Error(value, name, "expected a string");
    (*out)[fold ? FoldPhrase(folder, name) : name] = value.as_string();
  }
  return Status::OK();
}

Status ReadWordList(const JsonFile& f, const JsonValue& obj, const char* field,
                    const NameFolder& folder, std::vector<std::string>* out) {
  const JsonValue* list = obj.Find(field);
  if (!list) return f.Missing(field);
  if (!list->is_array()) return f.Error(*list, field, "expected an array of strings");
  for (const auto& v : list->items()) {
    if (!v.is_string()) return f.Error(v, field, "expected an array of strings");
    std::string folded = FoldPhrase(folder, v.as_string());
    out->push_back(folded.empty() ? v.as_string() : folded);  // "-" and "–" stay as written
  }
  return Status::OK();
}

Status ReadPhraseList(const JsonFile& f, const JsonValue& obj, const char* field,
                      const NameFolder& folder, std::vector<std::vector<std::string>>* out) {
  const JsonValue* list = obj.Find(field);
  if (!list) return f.Missing(field);
  if (!list->is_array()) return f.Error(*list, field, "expected an array of phrases");
  for (const auto& v : list->items()) {
    if (!v.is_string()) return f.Error(v, field, "expected an array of phrases (strings)");
    auto words = folder.FoldTokens(v.as_string());
    if (words.empty()) return f.Error(v, field, "empty phrase");
    out->push_back(std::move(words));
  }
  return Status::OK();
}

Status ReadWindow(const JsonFile& f, const JsonValue& obj, int* before, int* after) {
  const JsonValue* w = obj.Find("window");
  if (!w) return Status::OK();
  const JsonValue* b = w->is_object() ? w->Find("before") : nullptr;
  const JsonValue* a = w->is_object() ? w->Find("after") : nullptr;
  if (!b || !a || !b->is_number() || !a->is_number()) {
    return f.Error(*w, "window", "expected {\"before\": N, \"after\": N}");
  }
  *before = static_cast<int>(b->as_number());
  *after = static_cast<int>(a->as_number());
  return Status::OK();
}

// ---- text ---------------------------------------------------------------------

size_t Utf8Length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

bool IsSpaceAt(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
    *len = 1;
    return true;
  }
  if (c == 0xC2 && i + 1 < s.size() &&
      static_cast<unsigned char>(s[i + 1]) == 0xA0) {  // no-break space
    *len = 2;
    return true;
  }
  return false;
}

// Letters of any script: ASCII letters and every multi-byte character that
// is not punctuation we know of (quotes, dashes, symbols).
bool IsWordStart(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return std::isalpha(c);
  std::string_view ch = s.substr(i, Utf8Length(c));
  static constexpr std::string_view kPunct[] = {"„", "”", "“", "«", "»", "–", "—",
                                                "…", "’", "‘", "€", "°", "§"};
  return std::find(std::begin(kPunct), std::end(kPunct), ch) == std::end(kPunct);
}

bool IsYear(const std::string& s, int* year) {
  if (s.size() != 4 || !std::all_of(s.begin(), s.end(), ::isdigit)) return false;
  int y = std::stoi(s);
  if (y < 1900 || y > 2100) return false;
  *year = y;
  return true;
}

bool IsSmallInt(const std::string& s, int lo, int hi, int* out) {
  if (s.empty() || s.size() > 2 || !std::all_of(s.begin(), s.end(), ::isdigit)) return false;
  int v = std::stoi(s);
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool Contains(const std::vector<std::string>& list, const std::string& w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

}  // namespace

const char* FactStatusName(FactStatus status) {
  switch (status) {
    case FactStatus::kExisting:
      return "existing";
    case FactStatus::kPlanned:
      return "planned";
    case FactStatus::kNegated:
      return "negated";
  }
  return "existing";
}

std::string DateValue::ToString() const {
  if (year == 0) return "";
  char buf[16];
  if (month && day) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  } else if (month) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d", year);
  }
  return buf;
}

Result<ExpressionRules> ExpressionRules::Load(const std::filesystem::path& dir,
                                              const NameFolder& folder) {
  ExpressionRules r;
  {
    SPLOT_ASSIGN_OR_RETURN(JsonFile f, ReadJson(dir / "dates.json"));
    const auto& d = f.doc;
    SPLOT_RETURN_IF_ERROR(ReadNumberMap(f, d, "months", folder, nullptr, &r.months));
    SPLOT_RETURN_IF_ERROR(ReadNumberMap(f, d, "ordinals", folder, nullptr, &r.ordinals));
    SPLOT_RETURN_IF_ERROR(ReadWordList(f, d, "quarter_words", folder, &r.quarter_words));
    SPLOT_RETURN_IF_ERROR(ReadWordList(f, d, "half_words", folder, &r.half_words));
    SPLOT_RETURN_IF_ERROR(ReadWordList(f, d, "year_words", folder, &r.year_words));
    SPLOT_RETURN_IF_ERROR(ReadWordList(f, d, "year_lead_words", folder, &r.year_lead_words));
    SPLOT_RETURN_IF_ERROR(ReadWordList(f, d, "target_lead_words", folder, &r.target_lead_words));
    const JsonValue* rel = d.Find("relative");
    if (!rel) return f.Missing("relative");
    if (!rel->is_array()) return f.Error(*rel, "relative", "expected an array");
    for (const auto& v : rel->items()) {
      const JsonValue* phrase = v.is_object() ? v.Find("phrase") : nullptr;
      if (!phrase || !phrase->is_string()) {
        return f.Error(v, "relative", "each entry needs a \"phrase\" string");
      }
      Relative x;
      x.words = folder.FoldTokens(phrase->as_string());
      for (const char* unit : {"years", "months"}) {
        const JsonValue* n = v.Find(unit);
        if (!n) continue;
        if (!n->is_number() || n->as_number() != static_cast<int>(n->as_number())) {
          return f.Error(*n, unit, "expected an integer");
        }
        (std::string(unit) == "years" ? x.years : x.months) = static_cast<int>(n->as_number());
      }
      r.relatives.push_back(std::move(x));
    }
  }
  {
    SPLOT_ASSIGN_OR_RETURN(JsonFile f, ReadJson(dir / "amounts.json"));
    const auto& d = f.doc;
    SPLOT_RETURN_IF_ERROR(ReadNumberMap(f, d, "number_words", folder, &r.number_words, nullptr));
    SPLOT_RETURN_IF_ERROR(ReadNumberMap(f, d, "multipliers", folder, &r.multipliers, nullptr));
    SPLOT_RETURN_IF_ERROR(ReadStringMap(f, d, "currencies", folder, true, &r.currencies));
    SPLOT_RETURN_IF_ERROR(ReadStringMap(f, d, "units", folder, true, &r.units));
    SPLOT_RETURN_IF_ERROR(ReadStringMap(f, d, "qualifiers", folder, true, &r.qualifiers));
    SPLOT_RETURN_IF_ERROR(ReadStringMap(f, d, "symbols", folder, false, &r.symbols));
  }
  {
    SPLOT_ASSIGN_OR_RETURN(JsonFile f, ReadJson(dir / "status.json"));
    const auto& d = f.doc;
    SPLOT_RETURN_IF_ERROR(ReadWordList(f, d, "clause_openers", folder, &r.clause_openers));
    for (const char* kind : {"planned", "negated"}) {
      const JsonValue* group = d.Find(kind);
      if (!group) return f.Missing(kind);
      if (!group->is_object()) return f.Error(*group, kind, "expected an object with \"cues\"");
      bool planned = std::string(kind) == "planned";
      SPLOT_RETURN_IF_ERROR(ReadWindow(f, *group, planned ? &r.planned_before : &r.negated_before,
                                       planned ? &r.planned_after : &r.negated_after));
      SPLOT_RETURN_IF_ERROR(
          ReadPhraseList(f, *group, "cues", folder, planned ? &r.planned_cues : &r.negated_cues));
      if (!planned && group->Find("exceptions")) {
        SPLOT_RETURN_IF_ERROR(
            ReadPhraseList(f, *group, "exceptions", folder, &r.negation_exceptions));
      }
    }
    if (const JsonValue* group = d.Find("retracted")) {
      if (!group->is_object())
        return f.Error(*group, "retracted", "expected an object with \"cues\"");
      SPLOT_RETURN_IF_ERROR(ReadPhraseList(f, *group, "cues", folder, &r.retraction_cues));
    }
  }
  return r;
}

ExpressionFinder::ExpressionFinder(const ExpressionRules& rules, const NameFolder& folder)
    : rules_(rules),
      folder_(folder),
      negated_index_(IndexCues(rules.negated_cues)),
      planned_index_(IndexCues(rules.planned_cues)),
      retraction_index_(IndexCues(rules.retraction_cues)) {
  for (size_t r = 0; r < rules.relatives.size(); ++r) {
    const std::vector<std::string>& words = rules.relatives[r].words;
    if (!words.empty()) relative_index_[words.front()].push_back(r);
  }
}

ExpressionFinder::CueIndex ExpressionFinder::IndexCues(
    const std::vector<std::vector<std::string>>& cues) {
  CueIndex index;
  for (size_t c = 0; c < cues.size(); ++c) {
    if (!cues[c].empty()) index[cues[c].front()].push_back(c);
  }
  return index;
}

ExpressionFinder::Text ExpressionFinder::Prepare(std::string_view s) const {
  Text text;
  text.sentence_ = s;
  std::vector<Token>& out = text.tokens_;
  size_t i = 0;
  while (i < s.size()) {
    size_t space;
    if (IsSpaceAt(s, i, &space)) {
      i += space;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t start = i;
    if (std::isdigit(c)) {
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      out.push_back({start, i, std::string(s.substr(start, i - start)), true, false});
    } else if (IsWordStart(s, i)) {
      while (i < s.size() && !IsSpaceAt(s, i, &space) &&
             (IsWordStart(s, i) || std::isdigit(static_cast<unsigned char>(s[i])))) {
        i += Utf8Length(static_cast<unsigned char>(s[i]));
      }
      out.push_back({start, i, folder_.Fold(s.substr(start, i - start)), false, true});
    } else {
      i += Utf8Length(c);
      out.push_back({start, i, std::string(s.substr(start, i - start)), false, false});
    }
  }
  return text;
}

size_t ExpressionFinder::MatchPhrase(const std::vector<Token>& t, size_t i,
                                     const std::vector<std::string>& phrase) {
  if (i + phrase.size() > t.size()) return 0;
  for (size_t k = 0; k < phrase.size(); ++k) {
    if (t[i + k].folded != phrase[k]) return 0;
  }
  return phrase.size();
}

const std::string* ExpressionFinder::LookupPhrase(
    const std::vector<Token>& t, size_t i,
    const std::unordered_map<std::string, std::string>& table, size_t* length) {
  const std::string* best = nullptr;
  std::string key;
  for (size_t n = 1; n <= 3 && i + n <= t.size(); ++n) {
    if (!t[i + n - 1].word && !t[i + n - 1].number) break;
    if (n > 1) key.push_back(' ');
    key += t[i + n - 1].folded;
    auto it = table.find(key);
    if (it != table.end()) {
      best = &it->second;
      *length = n;
    }
  }
  return best;
}

std::vector<DateMention> ExpressionFinder::FindDates(const Text& text) const {
  const std::vector<Token>& t = text.tokens_;
  std::vector<DateMention> out;
  auto word = [&](size_t i) -> const std::string& {
    static const std::string kEmpty;
    return i < t.size() ? t[i].folded : kEmpty;
  };
  // Skips a year word ("r", "roku") and the period after "r".
  auto after_year = [&](size_t i) {
    if (i < t.size() && Contains(rules_.year_words, t[i].folded)) {
      ++i;
      if (i < t.size() && t[i].folded == "." && t[i - 1].folded == "r") ++i;
    }
    return i;
  };
  // A date is a target when a target word stands before its first word
  // ("do 2026 r.", "do końca 2020 roku", "na lata 2019-2020") or when it
  // ends a span of years ("2018-2020").
  auto is_target = [&](size_t first) {
    if (first == 0) return false;
    const std::string& before = t[first - 1].folded;
    if (Contains(rules_.target_lead_words, before)) return true;
    if (first >= 2 && (before == "konca" || before == "koniec") && word(first - 2) == "do")
      return true;
    int y = 0;
    return (before == "-" || before == "\u2013") && first >= 2 && IsYear(t[first - 2].folded, &y);
  };
  auto emit = [&](size_t first, size_t last_exclusive, DateMention m) {
    m.target = is_target(first);
    m.begin = t[first].begin;
    m.end = t[last_exclusive - 1].end;
    out.push_back(m);
  };
  for (size_t i = 0; i < t.size();) {
    int v = 0, year = 0, month = 0;
    // Relative phrases first: "rok później" would otherwise be nothing.
    bool matched = false;
    // Only the phrases whose first word is this token's can match here.
    if (auto starting = relative_index_.find(t[i].folded); starting != relative_index_.end()) {
      for (size_t r : starting->second) {
        const ExpressionRules::Relative& rel = rules_.relatives[r];
        if (size_t n = MatchPhrase(t, i, rel.words)) {
          DateMention m;
          m.relative = true;
          m.offset_years = rel.years;
          m.offset_months = rel.months;
          emit(i, i + n, m);
          i += n;
          matched = true;
          break;
        }
      }
    }
    if (matched) continue;
    // 12.06.2019
    if (t[i].number && IsSmallInt(t[i].folded, 1, 31, &v) && i + 4 < t.size() &&
        word(i + 1) == "." && t[i + 1].begin == t[i].end &&
        IsSmallInt(word(i + 2), 1, 12, &month) && word(i + 3) == "." &&
        IsYear(word(i + 4), &year) && t[i + 4].begin == t[i + 3].end) {
      DateMention m;
      m.value = {year, month, v, 0, 0};
      size_t end = after_year(i + 5);
      emit(i, end, m);
      i = end;
      continue;
    }
    // 12 grudnia 2023 r.
    if (t[i].number && IsSmallInt(t[i].folded, 1, 31, &v) && rules_.months.count(word(i + 1))) {
      month = rules_.months.at(word(i + 1));
      DateMention m;
      if (IsYear(word(i + 2), &year)) {
        m.value = {year, month, v, 0, 0};
        size_t end = after_year(i + 3);
        emit(i, end, m);
        i = end;
      } else {
        m.month_only = true;
        m.value = {0, month, v, 0, 0};
        emit(i, i + 2, m);
        i += 2;
      }
      continue;
    }
    // (w) czerwcu 2019 roku / w marcu
    if (rules_.months.count(t[i].folded) && t[i].word) {
      month = rules_.months.at(t[i].folded);
      size_t first = (i > 0 && (word(i - 1) == "w" || word(i - 1) == "we")) ? i - 1 : i;
      DateMention m;
      if (IsYear(word(i + 1), &year)) {
        m.value = {year, month, 0, 0, 0};
        size_t end = after_year(i + 2);
        emit(first, end, m);
        i = end;
        continue;
      }
      // A bare month counts only after "w"/"we": "maj" alone is too often something else.
      if (first < i) {
        m.month_only = true;
        m.value = {0, month, 0, 0, 0};
        emit(first, i + 1, m);
      }
      ++i;
      continue;
    }
    // w pierwszym kwartale 2019 roku / w drugiej połowie 2020 r.
    if (rules_.ordinals.count(t[i].folded)) {
      int n = rules_.ordinals.at(t[i].folded);
      bool quarter = Contains(rules_.quarter_words, word(i + 1));
      bool half = Contains(rules_.half_words, word(i + 1)) && n <= 2;
      size_t year_at = i + 2;
      if (quarter && word(year_at) == ".") ++year_at;  // "I kw. 2019"
      if ((quarter || half) && IsYear(word(year_at), &year)) {
        DateMention m;
        m.value.year = year;
        if (quarter) m.value.quarter = n;
        if (half) m.value.half = n;
        size_t first = (i > 0 && (word(i - 1) == "w" || word(i - 1) == "we")) ? i - 1 : i;
        size_t end = after_year(year_at + 1);
        emit(first, end, m);
        i = end;
        continue;
      }
    }
    // 2016 r. / w 2016 roku / w latach 2018-2020
    if (t[i].number && IsYear(t[i].folded, &year)) {
      size_t end = after_year(i + 1);
      bool has_year_word = end > i + 1;
      bool led = i > 0 && Contains(rules_.year_lead_words, word(i - 1));
      // A year glued to a word by a hyphen ("Niemen-2018") names an event, not a date.
      bool glued = i > 0 && word(i - 1) == "-" && t[i - 1].end == t[i].begin && i > 1 &&
                   t[i - 2].word && t[i - 2].end == t[i - 1].begin;
      if ((has_year_word || led) && !glued) {
        DateMention m;
        m.value.year = year;
        size_t first = (i > 0 && (word(i - 1) == "w" || word(i - 1) == "we" || word(i - 1) == "od"))
                           ? i - 1
                           : i;
        emit(first, end, m);
        i = end;
        continue;
      }
    }
    ++i;
  }
  return out;
}

std::vector<AmountMention> ExpressionFinder::FindAmounts(const Text& text) const {
  const std::vector<Token>& t = text.tokens_;
  std::vector<AmountMention> out;
  for (size_t i = 0; i < t.size();) {
    size_t start = i;
    std::string qualifier;
    size_t qlen = 0;
    if (const std::string* q = LookupPhrase(t, i, rules_.qualifiers, &qlen)) {
      qualifier = *q;
      i += qlen;
    }
    // A currency symbol before the number: "$10".
    std::string currency;
    if (i < t.size() && rules_.symbols.count(t[i].folded)) {
      currency = rules_.symbols.at(t[i].folded);
      ++i;
    }
    double value = 0;
    bool have_number = false;
    size_t j = i;
    if (j < t.size() && t[j].number) {
      std::string digits = t[j].folded;
      size_t k = j + 1;
      // Thousands separated by spaces: "1 200 000".
      const bool groupable = digits.size() <= 3;
      while (groupable && k < t.size() && t[k].number && t[k].folded.size() == 3 &&
             t[k].begin > t[k - 1].end && t[k].begin - t[k - 1].end <= 2) {
        digits += t[k].folded;
        ++k;
      }
      std::string number = digits;
      // Decimal comma: "4,5".
      if (k + 1 < t.size() && t[k].folded == "," && t[k].begin == t[k - 1].end && t[k + 1].number &&
          t[k + 1].begin == t[k].end) {
        number += "." + t[k + 1].folded;
        k += 2;
      }
      value = std::stod(number);
      have_number = true;
      j = k;
    } else if (j < t.size() && rules_.number_words.count(t[j].folded)) {
      value = rules_.number_words.at(t[j].folded);
      have_number = true;
      ++j;
    }
    double multiplier = 1;
    if (j < t.size() && rules_.multipliers.count(t[j].folded)) {
      multiplier = rules_.multipliers.at(t[j].folded);
      ++j;
      if (j < t.size() && t[j].folded == ".") ++j;
      if (!have_number) {
        value = 1;  // "miliard dolarów"
        have_number = true;
      }
    }
    if (!have_number) {
      i = start + 1;
      continue;
    }
    size_t len = 0;
    std::string unit;
    if (currency.empty()) {
      if (const std::string* c = LookupPhrase(t, j, rules_.currencies, &len)) {
        currency = *c;
      } else if (j < t.size() && rules_.symbols.count(t[j].folded)) {
        currency = rules_.symbols.at(t[j].folded);
        len = 1;
      } else if (const std::string* u = LookupPhrase(t, j, rules_.units, &len)) {
        unit = *u;
      }
    }
    if (currency.empty() && unit.empty()) {
      i = start + 1;
      continue;
    }
    size_t last = j + len;
    if (last < t.size() && t[last].folded == "." && t[last - 1].folded.size() <= 3 && len > 0)
      ++last;
    AmountMention m;
    m.begin = t[start].begin;
    m.end = t[last - 1].end;
    m.value = value * multiplier;
    m.currency = currency;
    m.unit = unit;
    m.qualifier = qualifier;
    out.push_back(m);
    i = last;
  }
  return out;
}

StatusCue ExpressionFinder::ClassifyStatus(const Text& text, size_t trigger_begin,
                                           size_t trigger_end, bool retractable) const {
  const std::vector<Token>& t = text.tokens_;
  std::string_view s = text.sentence_;
  // Trigger token range.
  size_t first = t.size(), last = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].end > trigger_begin && t[i].begin < trigger_end) {
      first = std::min(first, i);
      last = i + 1;
    }
  }
  StatusCue result;
  if (first >= t.size()) return result;
  // The trigger's clause: stop at ';', ':' and at a comma that opens a new
  // clause ("…, a …", "…, który …").
  auto is_boundary = [&](size_t i) {
    const std::string& w = t[i].folded;
    if (w == ";" || w == ":") return true;
    if (w == "," && i + 1 < t.size()) {
      for (const auto& opener : rules_.clause_openers) {
        if (t[i + 1].folded == opener) return true;
      }
    }
    return false;
  };
  size_t clause_begin = 0, clause_end = t.size();
  for (size_t i = first; i-- > 0;) {
    if (is_boundary(i)) {
      clause_begin = i + 1;
      break;
    }
  }
  for (size_t i = last; i < t.size(); ++i) {
    if (is_boundary(i)) {
      clause_end = i;
      break;
    }
  }
  auto find_cue = [&](const std::vector<std::vector<std::string>>& cues, const CueIndex& index,
                      int before, int after,
                      const std::vector<std::vector<std::string>>* exceptions) -> std::string {
    size_t lo = first > static_cast<size_t>(before) ? first - before : 0;
    lo = std::max(lo, clause_begin);
    size_t hi = std::min(clause_end, last + static_cast<size_t>(after));
    for (size_t i = lo; i < hi; ++i) {
      // Only the cues whose first word is this token's can match here.
      auto starting = index.find(t[i].folded);
      if (starting == index.end()) continue;
      for (size_t c : starting->second) {
        const std::vector<std::string>& cue = cues[c];
        size_t n = MatchPhrase(t, i, cue);
        if (!n || i + n > clause_end) continue;
        bool excepted = false;
        if (exceptions) {
          for (const auto& ex : *exceptions) {
            for (size_t b = (i >= ex.size() ? i - ex.size() + 1 : 0); b <= i && !excepted; ++b) {
              size_t m = MatchPhrase(t, b, ex);
              if (m && b + m > i) excepted = true;
            }
          }
        }
        if (!excepted) return std::string(s.substr(t[i].begin, t[i + n - 1].end - t[i].begin));
      }
    }
    return "";
  };
  std::string neg = find_cue(rules_.negated_cues, negated_index_, rules_.negated_before,
                             rules_.negated_after, &rules_.negation_exceptions);
  if (!neg.empty()) return {FactStatus::kNegated, neg};
  for (size_t i = last; retractable && i < t.size(); ++i) {
    auto starting = retraction_index_.find(t[i].folded);
    if (starting == retraction_index_.end()) continue;
    for (size_t c : starting->second) {
      if (size_t n = MatchPhrase(t, i, rules_.retraction_cues[c])) {
        return {FactStatus::kNegated,
                std::string(s.substr(t[i].begin, t[i + n - 1].end - t[i].begin))};
      }
    }
  }
  std::string plan = find_cue(rules_.planned_cues, planned_index_, rules_.planned_before,
                              rules_.planned_after, nullptr);
  if (!plan.empty()) return {FactStatus::kPlanned, plan};
  return result;
}

std::optional<DateValue> DateContext::Resolve(const DateMention& m) {
  if (!m.relative && !m.month_only) {
    if (!m.target) last_ = m.value;
    return m.value;
  }
  if (!last_) return std::nullopt;
  DateValue v;
  if (m.month_only) {
    v = m.value;
    v.year = last_->year;
    return v;
  }
  v.year = last_->year + m.offset_years;
  if (m.offset_months != 0 && last_->month) {
    int months = last_->year * 12 + (last_->month - 1) + m.offset_months;
    v.year = months / 12;
    v.month = months % 12 + 1;
  } else if (m.offset_months != 0) {
    v.year = last_->year + (m.offset_months >= 12 ? m.offset_months / 12 : 0);
  }
  return v;
}

}  // namespace splot::ingest
