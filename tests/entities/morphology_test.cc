#include "ingest/morphology.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/entities/entities_support.h"

namespace splot::ingest {
namespace {

std::unique_ptr<Morphology> Make() {
  MorphologyConfig config;
  config.rules = splot::testing::OntologyDir() / "morphology.json";
  auto m = Morphology::Create(config);
  INFO(m.status().ToString());
  REQUIRE(m.ok());
  return std::move(m).value();
}

bool HasKey(const WordAnalysis& a, const std::string& key) {
  return std::find(a.keys.begin(), a.keys.end(), key) != a.keys.end();
}

TEST_CASE("Hunspell lemmatises each inflection class of names", "[morphology]") {
  auto m = Make();
  struct Case {
    const char* form;
    const char* lemma_key;
  } cases[] = {
      // a masculine city in -sk
      {"Mińsk", "minsk"},
      {"Mińska", "minsk"},
      {"Mińsku", "minsk"},
      {"Mińskiem", "minsk"},
      // the head noun and the adjective of a region
      {"obwód", "obwod"},
      {"obwodu", "obwod"},
      {"obwodzie", "obwod"},
      {"grodzieński", "grodzienski"},
      {"grodzieńskiego", "grodzienski"},
      {"grodzieńskim", "grodzienski"},
      // a masculine noun in -t
      {"Uniwersytet", "uniwersytet"},
      {"Uniwersytetu", "uniwersytet"},
      {"Uniwersytetem", "uniwersytet"},
      // a feminine noun in -a and a neuter in -o
      {"Fabryki", "fabryka"},
      {"Fabryką", "fabryka"},
      {"Grodnie", "grodno"},
      // a city whose stem alternates (Homel → Homla)
      {"Homla", "homel"},
      {"Homlu", "homel"},
  };
  for (const Case& c : cases) {
    INFO(c.form);
    const WordAnalysis& a = m->Analyze(c.form);
    CHECK(a.source == WordAnalysis::Source::kDictionary);
    CHECK(HasKey(a, c.lemma_key));
  }
}

TEST_CASE("teaching a name with a model word inflects it", "[morphology]") {
  auto m = Make();
  CHECK_FALSE(m->Knows("namangańskiego"));
  REQUIRE(m->Teach("namangański", "homelski").ok());
  const WordAnalysis& a = m->Analyze("namangańskiego");
  CHECK(a.source == WordAnalysis::Source::kDictionary);
  CHECK(HasKey(a, "namanganski"));
  CHECK(HasKey(m->Analyze("namangańskim"), "namanganski"));
}

TEST_CASE("teaching fails for an unknown model or a word outside ISO-8859-2", "[morphology]") {
  auto m = Make();
  Status bad_model = m->Teach("Kumkurgan", "Zzyzzx");
  CHECK_FALSE(bad_model.ok());
  CHECK_THAT(bad_model.message(), Catch::Contains("not in the dictionary"));
  Status cyrillic = m->Teach("Ташкент", "Taszkent");
  CHECK_FALSE(cyrillic.ok());
  CHECK_THAT(cyrillic.message(), Catch::Contains("ISO-8859-2"));
}

TEST_CASE("TeachName picks the model from the ending", "[morphology]") {
  auto m = Make();
  CHECK(m->TeachName("Andiżan"));  // -an like Kazachstan
  CHECK(HasKey(m->Analyze("Andiżanie"), "andizan"));
  CHECK(m->TeachName("Kaszkadaria"));  // -ia like Bułgaria
  CHECK(HasKey(m->Analyze("Kaszkadarii"), "kaszkadaria"));
  CHECK_FALSE(m->TeachName("MTZ"));    // acronyms are not inflected
  CHECK_FALSE(m->TeachName("Mińsk"));  // already known
}

TEST_CASE("the suffix fallback proposes lemmas for unknown words", "[morphology]") {
  auto m = Make();
  struct Case {
    const char* form;
    const char* expected;
  } cases[] = {
      {"Namanganu", "Namangan"},     // -u
      {"Kumkurganem", "Kumkurgan"},  // -em
      {"surchandaryjskiego", "surchandaryjski"},
      {"Kaszkadarii", "Kaszkadaria"},  // -ii → -ia
      {"Taszkiencie", "Taszkient"},    // -cie → -t
      {"Samarkandzie", "Samarkanda"},  // -dzie → -da
      {"Bucharze", "Buchara"},         // -rze → -ra
      {"Ferganie", "Fergana"},         // -nie → -na
  };
  for (const Case& c : cases) {
    INFO(c.form);
    std::vector<std::string> lemmas = m->FallbackLemmas(c.form);
    CHECK(std::find(lemmas.begin(), lemmas.end(), c.expected) != lemmas.end());
  }
  CHECK(m->FallbackLemmas("MTZ").empty());  // no lower-case letters
  CHECK(m->FallbackLemmas("T811").empty());
  CHECK(m->FallbackLemmas("ab").empty());  // stem too short
  const WordAnalysis& unknown = m->Analyze("Kumkurganu");
  CHECK(unknown.source == WordAnalysis::Source::kFallback);
  CHECK(HasKey(unknown, "kumkurgan"));
}

TEST_CASE("words outside ISO-8859-2 still get an analysis", "[morphology]") {
  auto m = Make();
  const WordAnalysis& cyrillic = m->Analyze("Ташкент");
  CHECK(cyrillic.source != WordAnalysis::Source::kDictionary);
  CHECK(HasKey(cyrillic, "taskent"));  // folded by ICU (Ш → š → s)
  const WordAnalysis& punct = m->Analyze("/");
  CHECK(HasKey(punct, "/"));
}

TEST_CASE("ordinal numerals in any form have a value", "[morphology]") {
  auto m = Make();
  CHECK(m->OrdinalValue("siódme") == 7);
  CHECK(m->OrdinalValue("siódmym") == 7);
  CHECK(m->OrdinalValue("Pierwsze") == 1);
  CHECK(m->OrdinalValue("dziesiątego") == 10);
  CHECK(m->OrdinalValue("dziewięte") == 9);  // a misspelling the dictionary lacks
  CHECK(m->OrdinalValue("posiedzenie") == 0);
}

TEST_CASE("given names of the rules' list are known in any case", "[morphology]") {
  auto m = Make();
  CHECK(m->Analyze("Piotr").given_name);
  CHECK(m->Analyze("Piotra").given_name);    // the dictionary's form
  CHECK(m->Analyze("Sardorem").given_name);  // an ending taken off
  CHECK(m->Analyze("Bachtijora").given_name);
  CHECK_FALSE(m->Analyze("Piotrków").given_name);
  CHECK_FALSE(m->Analyze("ministra").given_name);
  CHECK_FALSE(m->Analyze("Sar").given_name);  // too short for an ending to come off
}

TEST_CASE("analyses are cached and counted", "[morphology]") {
  auto m = Make();
  MorphologyStats before = m->Stats();
  const WordAnalysis* first = &m->Analyze("Witebsku");
  const WordAnalysis* second = &m->Analyze("Witebsku");
  CHECK(first == second);
  MorphologyStats after = m->Stats();
  CHECK(after.lookups == before.lookups + 2);
  CHECK(after.dictionary == before.dictionary + 2);
  CHECK(after.distinct == before.distinct + 1);
}

TEST_CASE("a missing dictionary is a clear error", "[morphology]") {
  MorphologyConfig config;
  config.dic = "/nonexistent/pl_PL.dic";
  auto m = Morphology::Create(config);
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().IsNotFound());
  CHECK_THAT(m.status().message(), Catch::Contains("/nonexistent/pl_PL.dic"));
}

}  // namespace
}  // namespace splot::ingest
