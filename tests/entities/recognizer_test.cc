#include "ingest/recognizer.h"

#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "ontology/json_doc.h"
#include "tests/entities/entities_support.h"
#include "tests/test_support.h"

namespace splot::ingest {
namespace {

using splot::testing::SharedRecognizer;

std::string Describe(const RecognizedSentence& r) {
  std::string out;
  for (const Mention& m : r.mentions) {
    out += (m.nested ? "  nested " : "  ") + m.label + " [" + m.text + "] key=" + m.key +
           " name=" + m.name + " rule=" + m.rule + "\n";
  }
  return out;
}

std::string Str(const ontology::JsonValue& obj, const char* field) {
  const ontology::JsonValue* v = obj.Find(field);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

struct Expectation {
  std::string text, label, key, name, rule;
  bool nested = false;
};

Expectation ReadExpectation(const ontology::JsonValue& v) {
  Expectation e;
  e.text = Str(v, "text");
  e.label = Str(v, "label");
  e.key = Str(v, "key");
  e.name = Str(v, "name");
  e.rule = Str(v, "rule");
  const ontology::JsonValue* nested = v.Find("nested");
  e.nested = nested != nullptr && nested->as_bool();
  return e;
}

bool Satisfies(const Mention& m, const Expectation& e) {
  return m.text == e.text && m.label == e.label && m.nested == e.nested &&
         (e.key.empty() || m.key == e.key) && (e.name.empty() || m.name == e.name) &&
         (e.rule.empty() || m.rule == e.rule);
}

TEST_CASE("recognition cases", "[recognizer]") {
  auto doc = ontology::ParseJsonFile(splot::testing::TestDataDir() / "entities" /
                                     "recognition_cases.json");
  REQUIRE(doc.ok());
  const Recognizer& r = SharedRecognizer();
  for (const ontology::JsonValue& c : doc->Find("cases")->items()) {
    SentenceContext ctx;
    ctx.line = 1;
    ctx.chapter_country = Str(c, "chapter");
    if (const ontology::JsonValue* recent = c.Find("recent_regions")) {
      int age = 0;
      for (const ontology::JsonValue& key : recent->items()) {
        ctx.recent_regions.emplace_back(key.as_string(), ++age);
      }
    }
    std::string sentence = Str(c, "sentence");
    RecognizedSentence result = r.Recognize(sentence, ctx);
    INFO("case " << Str(c, "id") << ": " << sentence << "\n" << Describe(result));
    if (const ontology::JsonValue* expect = c.Find("expect")) {
      for (const ontology::JsonValue& x : expect->items()) {
        Expectation e = ReadExpectation(x);
        INFO("expected " << e.label << " [" << e.text << "] key=" << e.key << " name=" << e.name
                         << " rule=" << e.rule << (e.nested ? " nested" : ""));
        bool found = std::any_of(result.mentions.begin(), result.mentions.end(),
                                 [&](const Mention& m) { return Satisfies(m, e); });
        CHECK(found);
      }
    }
    if (const ontology::JsonValue* absent = c.Find("absent")) {
      for (const ontology::JsonValue& x : absent->items()) {
        Expectation e = ReadExpectation(x);
        INFO("unexpected " << e.label << " [" << e.text << "]");
        bool found = std::any_of(
            result.mentions.begin(), result.mentions.end(),
            [&](const Mention& m) { return !m.nested && m.text == e.text && m.label == e.label; });
        CHECK_FALSE(found);
      }
    }
  }
}

TEST_CASE("every discovery pattern and context rule is exercised by a case", "[recognizer]") {
  auto doc = ontology::ParseJsonFile(splot::testing::TestDataDir() / "entities" /
                                     "recognition_cases.json");
  REQUIRE(doc.ok());
  std::set<std::string> covered;
  for (const ontology::JsonValue& c : doc->Find("cases")->items()) {
    if (const ontology::JsonValue* expect = c.Find("expect")) {
      for (const ontology::JsonValue& x : expect->items()) covered.insert(Str(x, "rule"));
    }
  }
  for (const char* file : {"entities.json", "context.json"}) {
    auto patterns = ontology::ParseJsonFile(splot::testing::OntologyDir() / "patterns" / file);
    REQUIRE(patterns.ok());
    for (const ontology::JsonValue& p : patterns->Find("patterns")->items()) {
      INFO(file << ": pattern " << Str(p, "id") << " has no recognition case");
      CHECK(covered.count(Str(p, "id")) == 1);
    }
  }
}

TEST_CASE("tokens carry shapes, lemmas and tags", "[recognizer]") {
  const Recognizer& r = SharedRecognizer();
  RecognizedSentence s =
      r.Recognize("Siódme posiedzenie białoruskich firm w Mińsku.", SentenceContext());
  REQUIRE(s.tokens.size() == 7);
  CHECK((s.tokens[0].shape & ontology::kShapeCapitalized) != 0);
  CHECK(std::count(s.tokens[0].tags->begin(), s.tokens[0].tags->end(), "ordinal") == 1);
  CHECK(std::count(s.tokens[2].tags->begin(), s.tokens[2].tags->end(), "adj:Country") == 1);
  CHECK(std::count(s.tokens[1].tags->begin(), s.tokens[1].tags->end(), "verb") == 0);
  CHECK((s.tokens[5].shape & ontology::kShapeProper) != 0);
  CHECK((s.tokens[0].shape & ontology::kShapeProper) == 0);  // a common word, capitalised
  CHECK((s.tokens[6].shape & ontology::kShapePunct) != 0);
}

TEST_CASE("a mention knows its source line across wrapped lines", "[recognizer]") {
  const Recognizer& r = SharedRecognizer();
  std::string sentence = "Delegacja z Witebska odwiedziła Namangan i Andiżan.";
  SentenceContext ctx;
  ctx.line = 40;
  ctx.line_breaks = {sentence.find("odwiedziła"), sentence.find("Andiżan")};
  RecognizedSentence s = r.Recognize(sentence, ctx);
  std::map<std::string, int> lines;
  for (const Mention& m : s.mentions) lines[m.text] = m.line;
  CHECK(lines["Witebska"] == 40);
  CHECK(lines["Namangan"] == 41);
  CHECK(lines["Andiżan"] == 42);
  for (const Mention& m : s.mentions) {
    CHECK(sentence.substr(m.begin, m.end - m.begin) == m.text);
  }
}

TEST_CASE("discovered names are put in the nominative", "[recognizer]") {
  const Recognizer& r = SharedRecognizer();
  struct Case {
    const char* sentence;
    const char* text;
    const char* name;
  } cases[] = {
      {"Umowę z Taszkienckim Zakładem Obrabiarek przedłużono.", "Taszkienckim Zakładem Obrabiarek",
       "Taszkiencki Zakład Obrabiarek"},
      {"Dostawy dla Andiżańskiej Fabryki Tkanin wzrosły.", "Andiżańskiej Fabryki Tkanin",
       "Andiżańska Fabryka Tkanin"},
      {"Na XI Międzynarodowym Forum Gospodarczym mówiono o tym.",
       "XI Międzynarodowym Forum Gospodarczym", "XI Międzynarodowe Forum Gospodarcze"},
      {"Prezes Pińskich Zakładów Mięsnych przyjechał.", "Pińskich Zakładów Mięsnych",
       "Piński Zakład Mięsny"},
  };
  for (const Case& c : cases) {
    RecognizedSentence s = r.Recognize(c.sentence, SentenceContext());
    INFO(c.sentence << "\n" << Describe(s));
    bool found = std::any_of(s.mentions.begin(), s.mentions.end(), [&](const Mention& m) {
      return m.text == c.text && m.name == c.name;
    });
    CHECK(found);
  }
}

TEST_CASE("names are looked up in the gazetteer without legal forms", "[recognizer]") {
  const Recognizer& r = SharedRecognizer();
  const ontology::GazetteerEntry* e = r.LookupName("Mogotex OJSC", "Enterprise");
  REQUIRE(e != nullptr);
  CHECK(e->key == "ent:by-mogotex");
  CHECK(r.LookupName("\"Gomselmash\"", "") != nullptr);
  CHECK(r.LookupName("Mogotex", "City") == nullptr);      // wrong label
  CHECK(r.LookupName("Mogotex Trading", "") == nullptr);  // not the whole name
  CHECK(r.EntryForAdjective("namangańskiego", "Region")->key == "region:uz-namangan");
  CHECK(r.EntryForAdjective("uzbeccy", "Country")->key == "country:uz");
  CHECK(r.EntryForAdjective("uzbeccy", "Region") == nullptr);
}

TEST_CASE("a user gazetteer file extends recognition without rebuilding", "[recognizer]") {
  RecognizerConfig config;
  config.ontology_dir = splot::testing::OntologyDir();
  config.extra_gazetteers = {splot::testing::TestDataDir() / "entities" / "gazetteer_user.json"};
  auto r = Recognizer::Create(config);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  RecognizedSentence s =
      (*r)->Recognize("Optykę z Zorka Optyki sprzedaje sklep w Kumkurganie.", SentenceContext());
  INFO(Describe(s));
  std::set<std::string> keys;
  for (const Mention& m : s.mentions) keys.insert(m.key);
  CHECK(keys.count("ent:by-zorka-optics") == 1);
  CHECK(keys.count("city:uz-kumkurgan") == 1);
}

TEST_CASE("a broken user gazetteer stops the recognizer with file, line and field",
          "[recognizer]") {
  RecognizerConfig config;
  config.ontology_dir = splot::testing::OntologyDir();
  config.extra_gazetteers = {
      splot::testing::TestDataDir() / "entities" / "gazetteer_user.json",
      splot::testing::TestDataDir() / "entities" / "gazetteer_duplicate.json"};
  auto r = Recognizer::Create(config);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("gazetteer_duplicate.json:4:"));
  CHECK_THAT(r.status().message(), Catch::Contains("field 'key'"));
}

TEST_CASE("recognition is thread-safe", "[recognizer]") {
  const Recognizer& r = SharedRecognizer();
  const std::string sentence =
      "Mińska Fabryka Traktorów i OJSC \"Zarechye Textiles\" podpisały umowę w Samarkandzie.";
  RecognizedSentence expected = r.Recognize(sentence, SentenceContext());
  std::vector<std::string> seen(2);
  auto work = [&](int i) {
    std::string all;
    for (int k = 0; k < 50; ++k) {
      RecognizedSentence s = r.Recognize(sentence, SentenceContext());
      all = Describe(s);
    }
    seen[i] = all;
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  CHECK(seen[0] == Describe(expected));
  CHECK(seen[1] == Describe(expected));
}

}  // namespace
}  // namespace splot::ingest
