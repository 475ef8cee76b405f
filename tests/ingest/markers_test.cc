#include "ingest/markers.h"

#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ingest/reader.h"
#include "tests/ingest/test_rules.h"
#include "tests/test_support.h"

namespace splot::ingest {
namespace {

TEST_CASE("Marker cases from marker_cases.json", "[markers]") {
  rapidjson::Document doc;
  const std::string json =
      testing::ReadFile(testing::TestDataDir() / "ingest" / "marker_cases.json");
  REQUIRE(!doc.Parse(json.c_str()).HasParseError());
  ReaderOptions options;
  options.rules = testing::DefaultRules();
  for (const auto& c : doc["cases"].GetArray()) {
    INFO(c["name"].GetString());
    std::string text;
    for (const auto& line : c["lines"].GetArray()) {
      text += line.GetString();
      text += "\n";
    }
    auto read = ReadDocumentFromBytes(text, "case.txt", options);
    REQUIRE(read.ok());
    std::vector<std::string> sentences;
    // Markers as "number@sentence:offset", readable when a case fails.
    std::vector<std::string> markers;
    for (const Sentence& s : read->sentences) {
      sentences.push_back(s.text);
      for (const MarkerRef& m : s.markers) {
        markers.push_back(std::to_string(m.number) + "@" + std::to_string(s.index) + ":" +
                          std::to_string(m.offset));
      }
    }
    std::vector<std::string> expected_sentences;
    for (const auto& s : c["sentences"].GetArray()) expected_sentences.push_back(s.GetString());
    std::vector<std::string> expected_markers;
    for (const auto& m : c["markers"].GetArray()) {
      expected_markers.push_back(std::to_string(m[0].GetInt()) + "@" +
                                 std::to_string(m[1].GetInt()) + ":" +
                                 std::to_string(m[2].GetInt()));
    }
    CHECK(sentences == expected_sentences);
    CHECK(markers == expected_markers);
  }
}

TEST_CASE("The marker sequence may restart at 1 where a section begins", "[markers]") {
  const auto rules = testing::DefaultRules();
  MarkerScanner scanner(rules->layout);
  std::vector<FoundMarker> found;
  scanner.ScanLine("Zdanie. 1Pierwsze. 2Drugie. 3Trzecie. 4Czwarte. 5Piąte.", 0, &found);
  REQUIRE(found.size() == 5);
  found.clear();
  scanner.ScanLine("Nowy rozdział. 1Znowu jeden.", 0, &found);
  CHECK(found.empty());  // without a section break 1 is out of sequence
  scanner.AllowRestart();
  scanner.ScanLine("Nowy rozdział. 1Znowu jeden.", 0, &found);
  REQUIRE(found.size() == 1);
  CHECK(found[0].restarted);
  CHECK(found[0].numbers == std::vector<int>{1});
  CHECK(scanner.expected() == 2);
}

}  // namespace
}  // namespace splot::ingest
