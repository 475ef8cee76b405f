#include "ontology/ontology.h"

#include <catch2/catch.hpp>

#include "tests/test_support.h"

namespace splot::ontology {
namespace {

std::filesystem::path Data(const char* name) {
  return splot::testing::TestDataDir() / "entities" / name;
}

TEST_CASE("types.json defines every label and edge type of the graph", "[ontology]") {
  auto o = Ontology::LoadFile(Ontology::DefaultPath(SPLOT_SOURCE_DIR));
  REQUIRE(o.ok());
  for (const char* label :
       {"Country", "Region", "City", "GovernmentBody", "Organization", "Enterprise", "University",
        "ResearchInstitute", "FEZ", "Person", "Event", "Document", "Source"}) {
    INFO(label);
    REQUIRE(o->FindLabel(label) != nullptr);
    CHECK_FALSE(o->FindLabel(label)->description.empty());
  }
  CHECK_FALSE(o->FindLabel("Document")->entity);
  CHECK(o->FindLabel("City")->entity);
  for (const char* type :
       {"SIGNED_AGREEMENT", "JOINT_VENTURE", "TWINNED_WITH", "LOCATED_IN", "PART_OF", "SUPPLIES",
        "COOPERATES_WITH", "PARTICIPATED_IN", "REPRESENTS"}) {
    INFO(type);
    REQUIRE(o->FindEdgeType(type) != nullptr);
    CHECK_FALSE(o->FindEdgeType(type)->source_labels.empty());
  }
}

TEST_CASE("edge types constrain their endpoints", "[ontology]") {
  auto o = Ontology::LoadFile(Ontology::DefaultPath(SPLOT_SOURCE_DIR));
  REQUIRE(o.ok());
  CHECK(o->AllowsEdge("LOCATED_IN", "Enterprise", "City"));
  CHECK_FALSE(o->AllowsEdge("LOCATED_IN", "City", "Enterprise"));
  CHECK(o->AllowsEdge("TWINNED_WITH", "City", "Region"));
  CHECK(o->AllowsEdge("TWINNED_WITH", "Region", "City"));  // symmetric
  CHECK_FALSE(o->AllowsEdge("TWINNED_WITH", "Enterprise", "City"));
  CHECK(o->AllowsEdge("PARTICIPATED_IN", "Country", "Event"));
  CHECK_FALSE(o->AllowsEdge("SUPPLIES", "Person", "Country"));
  CHECK(o->AllowsEdge("REPRESENTS", "Person", "GovernmentBody"));
  CHECK_FALSE(o->AllowsEdge("NO_SUCH_TYPE", "City", "City"));
}

TEST_CASE("a types file with an unknown endpoint label names file, line and field", "[ontology]") {
  auto o = Ontology::LoadFile(Data("types_unknown_label.json"));
  REQUIRE_FALSE(o.ok());
  CHECK(o.status().IsInvalidArgument());
  CHECK_THAT(o.status().message(), Catch::Contains("types_unknown_label.json:9:"));
  CHECK_THAT(o.status().message(), Catch::Contains("field 'target'"));
  CHECK_THAT(o.status().message(), Catch::Contains("unknown label 'Town'"));
}

TEST_CASE("a label without a description is refused with its line", "[ontology]") {
  auto o = Ontology::LoadFile(Data("types_missing_description.json"));
  REQUIRE_FALSE(o.ok());
  CHECK_THAT(o.status().message(), Catch::Contains("types_missing_description.json:4:"));
  CHECK_THAT(o.status().message(), Catch::Contains("field 'description': missing"));
}

TEST_CASE("a duplicate label and a badly named edge type are refused", "[ontology]") {
  auto dup = Ontology::Parse(R"({"labels": [
    {"name": "City", "description": "a"},
    {"name": "City", "description": "b"}],
  "edge_types": [{"name": "X", "description": "d", "source": ["City"], "target": ["City"]}]})",
                             "dup.json");
  REQUIRE_FALSE(dup.ok());
  CHECK_THAT(dup.status().message(), Catch::Contains("dup.json:3:"));
  CHECK_THAT(dup.status().message(), Catch::Contains("defined twice"));
  auto bad = Ontology::Parse(R"({"labels": [{"name": "City", "description": "a"}],
  "edge_types": [{"name": "located in", "description": "d", "source": ["City"], "target": ["City"]}]})",
                             "bad.json");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("bad.json:2:"));
  CHECK_THAT(bad.status().message(), Catch::Contains("UPPER_SNAKE_CASE"));
}

TEST_CASE("a symmetric edge type needs the same labels at both ends", "[ontology]") {
  auto o = Ontology::Parse(R"({"labels": [{"name": "City", "description": "a"},
                                          {"name": "Region", "description": "b"}],
  "edge_types": [{"name": "TWIN", "description": "d", "source": ["City"], "target": ["Region"],
                  "symmetric": true}]})",
                           "sym.json");
  REQUIRE_FALSE(o.ok());
  CHECK_THAT(o.status().message(), Catch::Contains("field 'symmetric'"));
}

}  // namespace
}  // namespace splot::ontology
