#include "ontology/token_pattern.h"

#include <catch2/catch.hpp>

#include "ontology/ontology.h"
#include "tests/test_support.h"

namespace splot::ontology {
namespace {

const Ontology& Types() {
  static const Ontology ontology = *Ontology::LoadFile(Ontology::DefaultPath(SPLOT_SOURCE_DIR));
  return ontology;
}

const NameFolder& Folder() {
  static const NameFolder folder;
  return folder;
}

// A hand-built token sequence: each word gets its shape from its spelling
// and, where given, lemma keys and tags.
struct Tokens {
  struct Item {
    std::string text, folded;
    std::vector<std::string> keys, tags;
  };
  std::vector<Item> items;
  std::vector<PatternEntity> entities;

  Tokens& Add(std::string text, std::vector<std::string> lemmas = {},
              std::vector<std::string> tags = {}) {
    Item it;
    it.text = std::move(text);
    it.folded = Folder().Fold(it.text);
    it.keys.push_back(it.folded);
    for (const std::string& l : lemmas) it.keys.push_back(Folder().Fold(l));
    it.tags = std::move(tags);
    items.push_back(std::move(it));
    return *this;
  }
  Tokens& Entity(size_t begin, size_t end, std::string_view label) {
    entities.push_back({begin, end, label, entities.size()});
    return *this;
  }
  std::vector<PatternToken> View() const {
    std::vector<PatternToken> v;
    for (const Item& it : items) {
      PatternToken t;
      t.text = it.text;
      t.folded = it.folded;
      t.keys = &it.keys;
      t.tags = &it.tags;
      unsigned char c = static_cast<unsigned char>(it.text[0]);
      bool letter = std::isalpha(c) || c >= 0x80;
      bool digit = std::isdigit(c);
      if (digit) {
        t.shape = kShapeNumber;
      } else if (!letter) {
        t.shape = kShapePunct;
        if (it.text == "\"") t.shape |= kShapeQuote;
        if (it.text == "-") t.shape |= kShapeHyphen;
      } else {
        t.shape = kShapeWord;
        bool upper = std::all_of(it.text.begin(), it.text.end(), [](char ch) {
          return std::isupper(static_cast<unsigned char>(ch));
        });
        if (std::isupper(c) || c >= 0xC3) t.shape |= kShapeCapitalized | kShapeProper;
        if (std::islower(c)) t.shape |= kShapeLower;
        if (upper && it.text.size() >= 2) t.shape |= kShapeUpper;
      }
      v.push_back(t);
    }
    return v;
  }
};

PatternSet Load(const std::string& json, const PatternLoadOptions& options = {}) {
  auto set = PatternSet::Parse(json, "p.json", Types(), Folder(), options);
  INFO(set.status().ToString());
  REQUIRE(set.ok());
  return std::move(set).value();
}

bool Match(const PatternSet& set, const Tokens& tokens, size_t start, PatternMatch* m) {
  std::vector<PatternToken> view = tokens.View();
  PatternInput input{&view, &tokens.entities};
  return set.patterns().front().MatchAt(input, start, m);
}

TEST_CASE("text, exact and lemma constraints", "[pattern]") {
  PatternSet set = Load(R"({"patterns": [{"id": "p", "label": "Enterprise", "elements": [
    {"text": ["ojsc", "jsc"]}, {"exact": ["UE"]}, {"lemma": ["fabryka"]}]}]})");
  Tokens t;
  t.Add("OJSC").Add("UE").Add("Fabryki", {"fabryka"});
  PatternMatch m;
  REQUIRE(Match(set, t, 0, &m));
  CHECK(m.begin == 0);
  CHECK(m.end == 3);
  Tokens lower;
  lower.Add("ojsc").Add("ue").Add("fabryki", {"fabryka"});
  CHECK_FALSE(Match(set, lower, 0, &m));  // "exact" is case-sensitive
}

TEST_CASE("shapes, prefixes, suffixes, tags and negation", "[pattern]") {
  PatternSet set = Load(R"({"patterns": [{"id": "p", "label": "Event", "elements": [
    {"shape": "number"}, {"shape": ["upper", "capitalized"], "prefix": ["uz"]},
    {"suffix": ["expo"]}, {"tag": ["ordinal"]}, {"shape": "word", "not": [{"text": ["i"]}, {"shape": "upper"}]}]}]})");
  Tokens ok;
  ok.Add("22").Add("UzFood").Add("AgroExpo").Add("siódme", {}, {"ordinal"}).Add("posiedzenie");
  PatternMatch m;
  CHECK(Match(set, ok, 0, &m));
  Tokens negated;
  negated.Add("22").Add("UzFood").Add("AgroExpo").Add("siódme", {}, {"ordinal"}).Add("i");
  CHECK_FALSE(Match(set, negated, 0, &m));
  Tokens untagged;
  untagged.Add("22").Add("UzFood").Add("AgroExpo").Add("siódme").Add("posiedzenie");
  CHECK_FALSE(Match(set, untagged, 0, &m));
}

TEST_CASE("optional and repeated elements take the longest match", "[pattern]") {
  PatternSet set = Load(R"({"patterns": [{"id": "p", "label": "Enterprise", "elements": [
    {"shape": "capitalized", "repeat": [1, 3], "capture": "name"},
    {"text": ["LLC"], "optional": true}]}]})");
  Tokens t;
  t.Add("Svetlogorsk").Add("Welding").Add("Plant").Add("LLC").Add("buduje");
  PatternMatch m;
  REQUIRE(Match(set, t, 0, &m));
  CHECK(m.end == 4);
  const PatternCapture* name = m.Find("name");
  REQUIRE(name != nullptr);
  CHECK(name->begin == 0);
  CHECK(name->end == 3);
  Tokens no_suffix;
  no_suffix.Add("Mogotex").Add("dostarcza");
  REQUIRE(Match(set, no_suffix, 0, &m));
  CHECK(m.end == 1);
}

TEST_CASE("alternatives, sequences and macros", "[pattern]") {
  PatternSet set = Load(R"({
    "macros": {"QUOTE": {"shape": "quote"},
               "QUOTED": {"seq": [{"use": "QUOTE"}, {"not": [{"shape": "quote"}], "repeat": [1, 4], "capture": "name"}, {"use": "QUOTE"}]}},
    "patterns": [{"id": "p", "label": "FEZ", "elements": [
      {"alt": [[{"text": ["WSE"]}], [{"lemma": ["wolny"]}, {"lemma": ["strefa"]}, {"lemma": ["ekonomiczny"]}]]},
      {"use": "QUOTED"}]}]})");
  Tokens abbreviated;
  abbreviated.Add("WSE").Add("\"").Add("Homel").Add("-").Add("Raton").Add("\"");
  PatternMatch m;
  REQUIRE(Match(set, abbreviated, 0, &m));
  CHECK(m.end == 6);
  CHECK(m.Find("name")->begin == 2);
  CHECK(m.Find("name")->end == 5);
  Tokens spelled;
  spelled.Add("wolnej", {"wolny"})
      .Add("strefy", {"strefa"})
      .Add("ekonomicznej", {"ekonomiczny"})
      .Add("\"")
      .Add("Grodnoinvest")
      .Add("\"");
  REQUIRE(Match(set, spelled, 0, &m));
  CHECK(m.end == 6);
}

TEST_CASE("'not' may stand for a macro of token constraints", "[pattern]") {
  PatternSet set = Load(R"({
    "macros": {"BODY": {"lemma": ["ministerstwo", "komitet"]}},
    "patterns": [{"id": "p", "label": "GovernmentBody", "elements": [
      {"lemma": ["ministerstwo"]},
      {"shape": "capitalized", "not": [{"use": "BODY"}, {"text": ["Kabir"]}], "repeat": [1, 4]}]}]})");
  Tokens t;
  t.Add("Ministerstwo", {"ministerstwo"}).Add("Energii").Add("Komitet", {"komitet"}).Add("Nauki");
  PatternMatch m;
  REQUIRE(Match(set, t, 0, &m));
  CHECK(m.end == 2);  // stops before the macro's lemma
  Tokens person;
  person.Add("Ministerstwo", {"ministerstwo"}).Add("Energii").Add("Kabir");
  REQUIRE(Match(set, person, 0, &m));
  CHECK(m.end == 2);  // and before the inline constraint
}

TEST_CASE("look-aheads test the next token and consume nothing", "[pattern]") {
  PatternSet set = Load(R"({
    "macros": {"BODY": {"lemma": ["izba", "komitet"]}},
    "patterns": [{"id": "p", "label": "Organization", "elements": [
      {"lemma": ["izba"]},
      {"shape": "capitalized", "not": {"use": "BODY"}, "repeat": [0, 3]},
      {"seq": [{"text": ["i"]}, {"shape": "capitalized"}, {"not_ahead": {"use": "BODY"}}],
       "optional": true, "capture": "joined"}]}]})");
  Tokens part;
  part.Add("Izba", {"izba"}).Add("Rolnictwa").Add("i").Add("Handlu").Add("ogłosiła");
  PatternMatch m;
  REQUIRE(Match(set, part, 0, &m));
  CHECK(m.end == 4);
  REQUIRE(m.Find("joined") != nullptr);
  CHECK(m.Find("joined")->end == 4);
  Tokens second;
  second.Add("Izba", {"izba"}).Add("Rolnictwa").Add("i").Add("Krajowa").Add("Izba", {"izba"});
  REQUIRE(Match(set, second, 0, &m));
  CHECK(m.end == 2);  // "i Krajowa" begins the next body
  Tokens at_end;
  at_end.Add("Izba", {"izba"}).Add("Rolnictwa").Add("i").Add("Handlu");
  REQUIRE(Match(set, at_end, 0, &m));
  CHECK(m.end == 4);  // no next token: nothing to refuse
  PatternSet ahead = Load(R"({"patterns": [{"id": "p", "label": "City", "elements": [
    {"shape": "capitalized"}, {"ahead": {"text": ["("]}}]}]})");
  Tokens paren;
  paren.Add("Osz").Add("(");
  REQUIRE(Match(ahead, paren, 0, &m));
  CHECK(m.end == 1);
  Tokens none;
  none.Add("Osz").Add("leży");
  CHECK_FALSE(Match(ahead, none, 0, &m));
}

TEST_CASE("entity slots consume a whole mention and are captured", "[pattern]") {
  PatternSet set = Load(R"({"patterns": [{"id": "p", "label": "GovernmentBody", "elements": [
    {"prefix": ["hokimi"]}, {"lemma": ["region", "obwód"], "optional": true},
    {"entity": ["Region", "City"], "capture": "place"}]}]})");
  Tokens t;
  t.Add("Hokimiyat").Add("obwodu", {"obwód"}).Add("samarkandzkiego");
  t.Entity(1, 3, "Region");
  PatternMatch m;
  REQUIRE(Match(set, t, 0, &m));
  CHECK(m.end == 3);
  const PatternCapture* place = m.Find("place");
  REQUIRE(place != nullptr);
  REQUIRE(place->entities.size() == 1);
  CHECK(place->entities[0] == 0);
  Tokens wrong_label;
  wrong_label.Add("Hokimiyat").Add("Mogotex");
  wrong_label.Entity(1, 2, "Enterprise");
  CHECK_FALSE(Match(set, wrong_label, 0, &m));
}

TEST_CASE("each repetition of a captured element is captured", "[pattern]") {
  PatternSet set = Load(R"({"patterns": [{"id": "p", "label": "Region", "elements": [
    {"lemma": ["obwód"]}, {"tag": ["adj:Region"], "capture": "member"},
    {"seq": [{"text": [",", "i"]}, {"tag": ["adj:Region"], "capture": "member"}], "repeat": [1, 5]}]}]})");
  Tokens t;
  t.Add("obwody", {"obwód"})
      .Add("witebski", {}, {"adj:Region"})
      .Add("i")
      .Add("namangański", {}, {"adj:Region"});
  PatternMatch m;
  REQUIRE(Match(set, t, 0, &m));
  int members = 0;
  for (const PatternCapture& c : m.captures) members += c.name == "member";
  CHECK(members == 2);
}

TEST_CASE("pattern files are validated with file, line and field", "[pattern]") {
  struct Case {
    const char* json;
    const char* what;
  } cases[] = {
      {R"({"patterns": [
  {"id": "p", "label": "City", "elements": [{"shape": "wavy"}]}]})",
       "p.json:2: element: field 'shape': unknown shape 'wavy'"},
      {R"({"patterns": [
  {"id": "p", "label": "City", "elements": [
    {"use": "NOPE"}]}]})",
       "p.json:3: element: field 'use': unknown macro 'NOPE'"},
      {R"({"patterns": [
  {"id": "p", "label": "City", "elements": [{"text": ["a"], "repeat": [3, 1]}]}]})",
       "field 'repeat': needs 0 <= min <= max"},
      {R"({"patterns": [
  {"id": "p", "label": "Town", "elements": [{"text": ["a"]}]}]})",
       "p.json:2: pattern 'p': field 'label': 'Town' is not in the ontology"},
      {R"({"patterns": [
  {"id": "p", "label": "City", "elements": [{"entity": ["Town"]}]}]})",
       "field 'entity': unknown label 'Town'"},
      {R"({"patterns": [
  {"id": "p", "label": "City", "colour": "red", "elements": [{"text": ["a"]}]}]})",
       "p.json:2: pattern 'p': field 'colour': unknown field"},
      {R"({"patterns": [
  {"id": "p", "label": "City", "elements": [{"optional": true}]}]})",
       "has no constraint"},
      {R"({"patterns": [
  {"id": "p", "label": "City", "elements": [{"text": ["a"]}]},
  {"id": "p", "label": "City", "elements": [{"text": ["b"]}]}]})",
       "p.json:3: pattern 'p': field 'id': 'p' is used twice"},
      {R"({"macros": {"TWO": {"text": ["a"], "repeat": [1, 2]}}, "patterns": [
  {"id": "p", "label": "City", "elements": [{"shape": "word", "not": [{"use": "TWO"}]}]}]})",
       "p.json:2: 'not' constraint: field 'use': 'not' may use only a macro of token constraints"},
      {R"({"patterns": [
  {"id": "p", "label": "City", "elements": [{"ahead": {"text": ["a"]}, "repeat": [1, 2]}]}]})",
       "p.json:2: element: field 'ahead': a look-ahead consumes nothing"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    auto set = PatternSet::Parse(c.json, "p.json", Types(), Folder());
    REQUIRE_FALSE(set.ok());
    CHECK_THAT(set.status().message(), Catch::Contains(c.what));
  }
}

TEST_CASE("attributes are kept for the caller", "[pattern]") {
  PatternLoadOptions options;
  options.attributes = {"head", "priority"};
  PatternSet set =
      Load(R"({"patterns": [{"id": "p", "label": "University", "head": "h", "priority": 6,
    "elements": [{"lemma": ["uniwersytet"], "capture": "h"}]}]})",
           options);
  const TokenPattern& p = set.patterns().front();
  CHECK(p.Attribute("head") == "h");
  REQUIRE(p.FindAttribute("priority") != nullptr);
  CHECK(p.FindAttribute("priority")->as_number() == 6);
  CHECK(p.Attribute("missing").empty());
}

TEST_CASE("an attribute naming a capture must find it", "[pattern]") {
  PatternLoadOptions options;
  options.attributes = {"head"};
  options.capture_attributes = {"head"};
  auto set = PatternSet::Parse(R"({"patterns": [
    {"id": "p", "label": "University", "head": "h",
     "elements": [{"seq": [{"lemma": ["uniwersytet"], "capture": "h"}]}]},
    {"id": "q", "label": "University",
     "head": "hed",
     "elements": [{"lemma": ["uniwersytet"], "capture": "h"}]}]})",
                               "p.json", Types(), Folder(), options);
  REQUIRE_FALSE(set.ok());
  CHECK_THAT(set.status().message(), Catch::Contains("p.json:5:") &&
                                         Catch::Contains("field 'head'") &&
                                         Catch::Contains("no element captures 'hed'"));
}

TEST_CASE("the shipped pattern files load", "[pattern]") {
  PatternLoadOptions discovery;
  discovery.attributes = {"head", "name", "priority", "legal",    "phase",
                          "emit", "tail", "place",    "singular", "span"};
  discovery.capture_attributes = {"head", "name", "tail", "place", "singular", "span"};
  auto entities = PatternSet::LoadFile(
      std::filesystem::path(SPLOT_SOURCE_DIR) / "ontology" / "patterns" / "entities.json", Types(),
      Folder(), discovery);
  INFO(entities.status().ToString());
  REQUIRE(entities.ok());
  CHECK(entities->patterns().size() >= 20);
  PatternLoadOptions context;
  context.attributes = {"resolve", "emit", "span", "priority", "template", "within"};
  context.capture_attributes = {"span"};
  auto rules = PatternSet::LoadFile(
      std::filesystem::path(SPLOT_SOURCE_DIR) / "ontology" / "patterns" / "context.json", Types(),
      Folder(), context);
  INFO(rules.status().ToString());
  REQUIRE(rules.ok());
}

}  // namespace
}  // namespace splot::ontology
