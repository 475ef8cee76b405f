#include "ontology/text_rules.h"

#include "ontology/json_doc.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>
#include <utility>

namespace splot::ontology {
namespace {

using Node = JsonValue;

Result<JsonValue> ParseFile(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) {
    return Status::NotFound("text rules file not found: " + path.string());
  }
  SPLOT_ASSIGN_OR_RETURN(JsonValue root, ParseJsonFile(path));
  if (!root.is_object()) {
    return Status::InvalidArgument(path.string() + ":" + std::to_string(root.line()) +
                                   ": expected a JSON object at the top level");
  }
  return root;
}

// Typed access to one object's fields with located errors.
class Fields {
 public:
  Fields(const Node& object, std::string file) : object_(object), file_(std::move(file)) {}

  Status Error(const Node& at, std::string_view field, std::string_view problem) const {
    return Status::InvalidArgument(file_ + ":" + std::to_string(at.line()) + ": field '" +
                                   std::string(field) + "': " + std::string(problem));
  }
  Status Missing(std::string_view field) const {
    return Error(object_, field, "required field is missing");
  }

  Status Int(std::string_view field, int min, int max, int* out) const {
    const Node* n = object_.Find(field);
    if (!n) return Status::OK();
    if (!n->is_number() || n->as_number() != static_cast<int>(n->as_number())) {
      return Error(*n, field, "expected an integer");
    }
    int v = static_cast<int>(n->as_number());
    if (v < min || v > max) {
      return Error(*n, field,
                   "expected a value from " + std::to_string(min) + " to " + std::to_string(max));
    }
    *out = v;
    return Status::OK();
  }
  Status Double(std::string_view field, double min, double* out) const {
    const Node* n = object_.Find(field);
    if (!n) return Status::OK();
    if (!n->is_number()) return Error(*n, field, "expected a number");
    if (n->as_number() < min) return Error(*n, field, "expected at least " + std::to_string(min));
    *out = n->as_number();
    return Status::OK();
  }
  Status Bool(std::string_view field, bool* out) const {
    const Node* n = object_.Find(field);
    if (!n) return Status::OK();
    if (!n->is_bool()) return Error(*n, field, "expected true or false");
    *out = n->as_bool();
    return Status::OK();
  }
  Status String(std::string_view field, bool required, std::string* out) const {
    const Node* n = object_.Find(field);
    if (!n) return required ? Missing(field) : Status::OK();
    if (!n->is_string() || n->as_string().empty()) {
      return Error(*n, field, "expected a non-empty string");
    }
    *out = n->as_string();
    return Status::OK();
  }
  Status StringList(std::string_view field, bool required, std::vector<std::string>* out) const {
    const Node* n = object_.Find(field);
    if (!n) return required ? Missing(field) : Status::OK();
    if (!n->is_array()) return Error(*n, field, "expected an array of strings");
    out->clear();
    for (const Node& item : n->items()) {
      if (!item.is_string() || item.as_string().empty()) {
        return Error(item, field, "expected an array of non-empty strings");
      }
      out->push_back(item.as_string());
    }
    return Status::OK();
  }
  const Node* Object(std::string_view field) const {
    const Node* n = object_.Find(field);
    return n && n->is_object() ? n : nullptr;
  }
  Status RequireObjectOrAbsent(std::string_view field) const {
    const Node* n = object_.Find(field);
    if (n && !n->is_object()) return Error(*n, field, "expected an object");
    return Status::OK();
  }
  Status KnownFields(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : object_.members()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return Error(value, key, "unknown field");
      }
    }
    return Status::OK();
  }
  const Node& object() const { return object_; }
  const std::string& file() const { return file_; }

 private:
  const Node& object_;
  std::string file_;
};

// Decodes a string that must hold exactly one code point.
bool SingleCodePoint(const std::string& s, char32_t* out) {
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
  if (c < 0 || i != static_cast<int32_t>(s.size())) return false;
  *out = static_cast<char32_t>(c);
  return true;
}

bool DecodeAll(const std::string& s, std::u32string* out) {
  out->clear();
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return false;
    out->push_back(static_cast<char32_t>(c));
  }
  return true;
}

std::string Lower(std::string s) {
  // Only ASCII needs lowering in the lists; Polish capitals are written
  // lowercase in the files already.
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

Status LoadRepair(const std::filesystem::path& path, RepairRules* out) {
  SPLOT_ASSIGN_OR_RETURN(Node root, ParseFile(path));
  Fields f(root, path.string());
  SPLOT_RETURN_IF_ERROR(f.KnownFields(
      {"description", "letters", "polish_letters", "lookalikes", "nfc", "collapse_spaces"}));
  const Node* letters = root.Find("letters");
  if (!letters) return f.Missing("letters");
  if (!letters->is_array()) {
    return f.Error(*letters, "letters", "expected an array of objects");
  }
  for (size_t i = 0; i < letters->items().size(); ++i) {
    const Node& item = letters->items()[i];
    const std::string field = "letters[" + std::to_string(i) + "]";
    if (!item.is_object()) return f.Error(item, field, "expected an object");
    Fields lf(item, path.string());
    SPLOT_RETURN_IF_ERROR(lf.KnownFields({"from", "to", "alone", "word_final", "before_vowel"}));
    std::string from, to;
    SPLOT_RETURN_IF_ERROR(lf.String("from", true, &from));
    SPLOT_RETURN_IF_ERROR(lf.String("to", true, &to));
    RepairLetter letter;
    if (!SingleCodePoint(from, &letter.from)) {
      return f.Error(*item.Find("from"), field + ".from", "expected exactly one letter");
    }
    if (!SingleCodePoint(to, &letter.to)) {
      return f.Error(*item.Find("to"), field + ".to", "expected exactly one letter");
    }
    SPLOT_RETURN_IF_ERROR(lf.Bool("alone", &letter.alone));
    SPLOT_RETURN_IF_ERROR(lf.Bool("word_final", &letter.word_final));
    SPLOT_RETURN_IF_ERROR(lf.Bool("before_vowel", &letter.before_vowel));
    for (const RepairLetter& seen : out->letters) {
      if (seen.from == letter.from) {
        return f.Error(item, field + ".from", "letter '" + from + "' is listed twice");
      }
    }
    out->letters.push_back(letter);
  }
  std::string polish;
  SPLOT_RETURN_IF_ERROR(f.String("polish_letters", true, &polish));
  if (!DecodeAll(polish, &out->polish_letters)) {
    return f.Error(*root.Find("polish_letters"), "polish_letters", "invalid UTF-8");
  }
  SPLOT_RETURN_IF_ERROR(f.RequireObjectOrAbsent("lookalikes"));
  if (const Node* look = f.Object("lookalikes")) {
    Fields lf(*look, path.string());
    SPLOT_RETURN_IF_ERROR(lf.KnownFields({"description", "map"}));
    const Node* map = look->Find("map");
    if (!map || !map->is_object()) {
      return f.Error(map ? *map : *look, "lookalikes.map", "expected an object of letters");
    }
    for (const auto& [key, value] : map->members()) {
      char32_t from, to;
      if (!SingleCodePoint(key, &from) || !value.is_string() ||
          !SingleCodePoint(value.as_string(), &to)) {
        return f.Error(value, "lookalikes.map." + key, "expected one letter mapped to one letter");
      }
      out->lookalikes.emplace_back(from, to);
    }
  }
  SPLOT_RETURN_IF_ERROR(f.Bool("nfc", &out->nfc));
  SPLOT_RETURN_IF_ERROR(f.Bool("collapse_spaces", &out->collapse_spaces));
  return Status::OK();
}

Status LoadAbbreviations(const std::filesystem::path& path, SegmentRules* out) {
  SPLOT_ASSIGN_OR_RETURN(Node root, ParseFile(path));
  Fields f(root, path.string());
  SPLOT_RETURN_IF_ERROR(f.KnownFields({"description", "abbreviations", "initials", "ordinals"}));
  SPLOT_RETURN_IF_ERROR(f.StringList("abbreviations", true, &out->abbreviations));
  for (std::string& a : out->abbreviations) a = Lower(a);
  SPLOT_RETURN_IF_ERROR(f.RequireObjectOrAbsent("initials"));
  if (const Node* initials = f.Object("initials")) {
    Fields inf(*initials, path.string());
    SPLOT_RETURN_IF_ERROR(inf.KnownFields({"description", "digraphs"}));
    SPLOT_RETURN_IF_ERROR(inf.StringList("digraphs", false, &out->initial_digraphs));
  }
  SPLOT_RETURN_IF_ERROR(f.RequireObjectOrAbsent("ordinals"));
  if (const Node* ordinals = f.Object("ordinals")) {
    Fields of(*ordinals, path.string());
    SPLOT_RETURN_IF_ERROR(of.KnownFields({"description", "max_digits", "not_after"}));
    SPLOT_RETURN_IF_ERROR(of.Int("max_digits", 0, 9, &out->ordinal_max_digits));
    SPLOT_RETURN_IF_ERROR(of.StringList("not_after", false, &out->ordinal_not_after));
  }
  return Status::OK();
}

Status LoadLayout(const std::filesystem::path& path, LayoutRules* out) {
  SPLOT_ASSIGN_OR_RETURN(Node root, ParseFile(path));
  Fields f(root, path.string());
  SPLOT_RETURN_IF_ERROR(
      f.KnownFields({"description", "separator_min_width", "page_number_max_digits", "hyphenation",
                     "titles", "footnotes", "markers"}));
  SPLOT_RETURN_IF_ERROR(f.Int("separator_min_width", 2, 10000, &out->separator_min_width));
  SPLOT_RETURN_IF_ERROR(f.Int("page_number_max_digits", 0, 9, &out->page_number_max_digits));
  SPLOT_RETURN_IF_ERROR(f.RequireObjectOrAbsent("hyphenation"));
  if (const Node* hy = f.Object("hyphenation")) {
    Fields hf(*hy, path.string());
    SPLOT_RETURN_IF_ERROR(hf.KnownFields({"description", "mode"}));
    std::string mode;
    SPLOT_RETURN_IF_ERROR(hf.String("mode", true, &mode));
    if (mode == "keep") {
      out->hyphenation = HyphenationMode::kKeep;
    } else if (mode == "split_words") {
      out->hyphenation = HyphenationMode::kSplitWords;
    } else {
      return hf.Error(*hy->Find("mode"), "hyphenation.mode",
                      "expected \"keep\" or \"split_words\", got \"" + mode + "\"");
    }
  }
  SPLOT_RETURN_IF_ERROR(f.RequireObjectOrAbsent("titles"));
  if (const Node* titles = f.Object("titles")) {
    Fields tf(*titles, path.string());
    SPLOT_RETURN_IF_ERROR(
        tf.KnownFields({"description", "max_chars", "max_lines", "allow_digits"}));
    SPLOT_RETURN_IF_ERROR(tf.Int("max_chars", 0, 1000, &out->title_max_chars));
    SPLOT_RETURN_IF_ERROR(tf.Int("max_lines", 1, 10, &out->title_max_lines));
    SPLOT_RETURN_IF_ERROR(tf.Bool("allow_digits", &out->title_allow_digits));
  }
  SPLOT_RETURN_IF_ERROR(f.RequireObjectOrAbsent("footnotes"));
  if (const Node* fn = f.Object("footnotes")) {
    Fields ff(*fn, path.string());
    SPLOT_RETURN_IF_ERROR(
        ff.KnownFields({"description", "max_gap", "max_zone_lines", "citation_cues", "url_cues",
                        "url_label", "resource_cues"}));
    SPLOT_RETURN_IF_ERROR(ff.Int("max_gap", 0, 100, &out->footnote_max_gap));
    SPLOT_RETURN_IF_ERROR(ff.Int("max_zone_lines", 1, 100000, &out->max_zone_lines));
    SPLOT_RETURN_IF_ERROR(ff.StringList("citation_cues", true, &out->citation_cues));
    SPLOT_RETURN_IF_ERROR(ff.StringList("url_cues", true, &out->url_cues));
    SPLOT_RETURN_IF_ERROR(ff.String("url_label", false, &out->url_label));
    SPLOT_RETURN_IF_ERROR(ff.StringList("resource_cues", false, &out->resource_cues));
  }
  SPLOT_RETURN_IF_ERROR(f.RequireObjectOrAbsent("markers"));
  if (const Node* mk = f.Object("markers")) {
    Fields mf(*mk, path.string());
    SPLOT_RETURN_IF_ERROR(mf.KnownFields({"description", "max_gap", "year_words"}));
    SPLOT_RETURN_IF_ERROR(mf.Int("max_gap", 0, 100, &out->marker_max_gap));
    SPLOT_RETURN_IF_ERROR(mf.StringList("year_words", false, &out->year_words));
  }
  return Status::OK();
}

Status LoadChapters(const std::filesystem::path& path, ChapterRules* out) {
  SPLOT_ASSIGN_OR_RETURN(Node root, ParseFile(path));
  Fields f(root, path.string());
  SPLOT_RETURN_IF_ERROR(
      f.KnownFields({"description", "min_mentions", "ratio", "window_sentences", "countries"}));
  SPLOT_RETURN_IF_ERROR(f.Int("min_mentions", 1, 1000000, &out->min_mentions));
  SPLOT_RETURN_IF_ERROR(f.Double("ratio", 1.0, &out->ratio));
  SPLOT_RETURN_IF_ERROR(f.Int("window_sentences", 1, 1000000, &out->window_sentences));
  const Node* countries = root.Find("countries");
  if (!countries) return f.Missing("countries");
  if (!countries->is_array()) {
    return f.Error(*countries, "countries", "expected an array of objects");
  }
  for (size_t i = 0; i < countries->items().size(); ++i) {
    const Node& item = countries->items()[i];
    const std::string field = "countries[" + std::to_string(i) + "]";
    if (!item.is_object()) return f.Error(item, field, "expected an object");
    Fields cf(item, path.string());
    SPLOT_RETURN_IF_ERROR(cf.KnownFields({"key", "name", "stems"}));
    ChapterCountry country;
    SPLOT_RETURN_IF_ERROR(cf.String("key", true, &country.key));
    SPLOT_RETURN_IF_ERROR(cf.String("name", true, &country.name));
    SPLOT_RETURN_IF_ERROR(cf.StringList("stems", true, &country.stems));
    if (country.stems.empty()) return f.Error(item, field + ".stems", "expected at least one stem");
    for (const std::string& stem : country.stems) {
      if (stem[0] < 'a' || stem[0] > 'z') {
        return f.Error(*item.Find("stems"), field + ".stems",
                       "stem '" + stem + "' must start with a lowercase letter a-z");
      }
    }
    out->countries.push_back(std::move(country));
  }
  return Status::OK();
}

}  // namespace

std::filesystem::path DefaultTextRulesDir() {
  if (const char* env = std::getenv("SPLOT_TEXT_RULES")) {
    if (*env) return env;
  }
  return std::filesystem::path(SPLOT_SOURCE_DIR) / "ontology" / "text";
}

Result<TextRules> LoadTextRules(const std::filesystem::path& dir) {
  TextRules rules;
  SPLOT_RETURN_IF_ERROR(LoadRepair(dir / "repair.json", &rules.repair));
  SPLOT_RETURN_IF_ERROR(LoadAbbreviations(dir / "abbreviations.json", &rules.segment));
  SPLOT_RETURN_IF_ERROR(LoadLayout(dir / "layout.json", &rules.layout));
  SPLOT_RETURN_IF_ERROR(LoadChapters(dir / "chapters.json", &rules.chapters));
  return rules;
}

}  // namespace splot::ontology
