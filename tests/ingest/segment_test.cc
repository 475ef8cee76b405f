#include "ingest/segment.h"

#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/ingest/test_rules.h"
#include "tests/test_support.h"

namespace splot::ingest {
namespace {

std::vector<std::string> SplitAll(SentenceSplitter* splitter, const std::string& text) {
  std::vector<size_t> ends;
  splitter->Split(text, true, &ends);
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t end : ends) {
    std::string s = text.substr(start, end - start);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out.push_back(s);
    start = end;
  }
  return out;
}

TEST_CASE("Segmentation cases from segment_cases.json", "[segment]") {
  const auto rules = testing::DefaultRules();
  SentenceSplitter splitter(rules->segment);
  rapidjson::Document doc;
  const std::string json =
      testing::ReadFile(testing::TestDataDir() / "ingest" / "segment_cases.json");
  REQUIRE(!doc.Parse(json.c_str()).HasParseError());
  const auto& cases = doc["cases"];
  REQUIRE(cases.Size() >= 10);
  for (const auto& c : cases.GetArray()) {
    INFO(c["name"].GetString());
    std::vector<std::string> expected;
    for (const auto& s : c["sentences"].GetArray()) expected.push_back(s.GetString());
    CHECK(SplitAll(&splitter, c["text"].GetString()) == expected);
  }
}

TEST_CASE("Without final the unfinished tail is not a sentence", "[segment]") {
  const auto rules = testing::DefaultRules();
  SentenceSplitter splitter(rules->segment);
  const std::string text = "Pierwsze zdanie jest gotowe. Drugie jeszcze trwa i";
  std::vector<size_t> ends;
  splitter.Split(text, false, &ends);
  REQUIRE(ends.size() == 1);
  CHECK(text.substr(0, ends[0]) == "Pierwsze zdanie jest gotowe. ");
}

}  // namespace
}  // namespace splot::ingest
