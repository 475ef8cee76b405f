#include "ontology/text_rules.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/test_support.h"

namespace splot::ontology {
namespace {

namespace fs = std::filesystem;

// Copies the default rule files into `dir` so one of them can be spoiled.
void CopyRules(const fs::path& dir) {
  for (const char* name : {"repair.json", "abbreviations.json", "layout.json", "chapters.json"}) {
    fs::copy_file(DefaultTextRulesDir() / name, dir / name);
  }
}

TEST_CASE("The default text rules load", "[text_rules]") {
  auto rules = LoadTextRules(DefaultTextRulesDir());
  REQUIRE(rules.ok());
  CHECK(rules->repair.letters.size() == 9);
  CHECK(rules->repair.lookalikes.size() > 10);
  CHECK(!rules->segment.abbreviations.empty());
  CHECK(rules->layout.hyphenation == HyphenationMode::kKeep);
  CHECK(rules->chapters.countries.size() == 5);
}

TEST_CASE("A malformed rule file is refused with its path, line and field", "[text_rules]") {
  testing::TempDir dir;
  CopyRules(dir.path());
  SECTION("a repair letter of two characters") {
    testing::WriteFile(dir.path() / "repair.json",
                       "{\n  \"letters\": [\n    {\"from\": \"ab\", \"to\": \"c\"}\n  ],\n"
                       "  \"polish_letters\": \"ą\"\n}\n");
    auto rules = LoadTextRules(dir.path());
    REQUIRE(!rules.ok());
    CHECK(rules.status().IsInvalidArgument());
    CHECK_THAT(rules.status().message(), Catch::Contains("repair.json:3"));
    CHECK_THAT(rules.status().message(), Catch::Contains("letters[0].from"));
  }
  SECTION("an unknown hyphenation mode") {
    testing::WriteFile(dir.path() / "layout.json",
                       "{\n  \"hyphenation\": {\n    \"mode\": \"guess\"\n  }\n}\n");
    auto rules = LoadTextRules(dir.path());
    REQUIRE(!rules.ok());
    CHECK_THAT(rules.status().message(), Catch::Contains("layout.json:3"));
    CHECK_THAT(rules.status().message(), Catch::Contains("hyphenation.mode"));
  }
  SECTION("a syntax error") {
    testing::WriteFile(dir.path() / "chapters.json", "{\n  \"countries\": [\n}\n");
    auto rules = LoadTextRules(dir.path());
    REQUIRE(!rules.ok());
    CHECK_THAT(rules.status().message(), Catch::Contains("chapters.json:3"));
    CHECK_THAT(rules.status().message(), Catch::Contains("syntax error"));
  }
  SECTION("an unknown field") {
    testing::WriteFile(dir.path() / "abbreviations.json",
                       "{\n  \"abbreviations\": [\"ds.\"],\n  \"abbrevations\": []\n}\n");
    auto rules = LoadTextRules(dir.path());
    REQUIRE(!rules.ok());
    CHECK_THAT(rules.status().message(), Catch::Contains("abbreviations.json:3"));
    CHECK_THAT(rules.status().message(), Catch::Contains("unknown field"));
  }
  SECTION("a missing file") {
    fs::remove(dir.path() / "layout.json");
    auto rules = LoadTextRules(dir.path());
    REQUIRE(!rules.ok());
    CHECK(rules.status().IsNotFound());
    CHECK_THAT(rules.status().message(), Catch::Contains("layout.json"));
  }
}

}  // namespace
}  // namespace splot::ontology
