#include "ontology/json_doc.h"

#include <catch2/catch.hpp>

namespace splot::ontology {
namespace {

TEST_CASE("every value remembers the line it starts on", "[json]") {
  auto doc =
      ParseJson("{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    {\"c\": true}\n  ]\n}\n", "t.json");
  REQUIRE(doc.ok());
  const JsonValue& root = *doc;
  CHECK(root.line() == 1);
  REQUIRE(root.Find("a") != nullptr);
  CHECK(root.Find("a")->line() == 2);
  const JsonValue* b = root.Find("b");
  REQUIRE(b != nullptr);
  CHECK(b->items().size() == 2);
  CHECK(b->items()[0].line() == 4);
  CHECK(b->items()[1].line() == 5);
  CHECK(b->items()[1].Find("c")->as_bool());
}

TEST_CASE("a syntax error names the source, line and column", "[json]") {
  auto doc = ParseJson("{\n  \"a\": 1,\n  \"b\" 2\n}\n", "broken.json");
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.status().IsInvalidArgument());
  CHECK_THAT(doc.status().message(), Catch::Contains("broken.json:3:"));
}

TEST_CASE("text after the document is an error", "[json]") {
  auto doc = ParseJson("{}\n{}\n", "two.json");
  REQUIRE_FALSE(doc.ok());
  CHECK_THAT(doc.status().message(), Catch::Contains("two.json:2"));
}

TEST_CASE("a missing file is an IO error naming it", "[json]") {
  auto doc = ParseJsonFile("/nonexistent/splot/file.json");
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.status().code() == Status::Code::kIOError);
  CHECK_THAT(doc.status().message(), Catch::Contains("/nonexistent/splot/file.json"));
}

TEST_CASE("the object reader reports the field and its line", "[json]") {
  auto doc = ParseJson("{\n  \"name\": 7,\n  \"tags\": [\"a\", 3],\n  \"typo\": 1\n}", "r.json");
  REQUIRE(doc.ok());
  JsonObjectReader r(*doc, "r.json", "entry 'x'");
  std::string name;
  Status s = r.RequiredString("name", &name);
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == "r.json:2: entry 'x': field 'name': expected a string, found a number");
  std::vector<std::string> tags;
  s = r.OptionalStringList("tags", &tags);
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::StartsWith("r.json:3: entry 'x': field 'tags'"));
  s = r.CheckKnownFields({"name", "tags"});
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == "r.json:4: entry 'x': field 'typo': unknown field");
  std::string missing;
  s = r.RequiredString("label", &missing);
  CHECK_THAT(s.message(), Catch::Contains("field 'label': missing"));
}

}  // namespace
}  // namespace splot::ontology
