#include "ontology/gazetteer.h"

#include <catch2/catch.hpp>

#include <set>

#include "tests/test_support.h"

namespace splot::ontology {
namespace {

const Ontology& Types() {
  static const Ontology ontology = *Ontology::LoadFile(Ontology::DefaultPath(SPLOT_SOURCE_DIR));
  return ontology;
}

std::filesystem::path Data(const char* name) {
  return splot::testing::TestDataDir() / "entities" / name;
}

TEST_CASE("the built-in gazetteer loads and its references hold", "[gazetteer]") {
  Gazetteer g;
  REQUIRE(g.AddDirectory(Gazetteer::DefaultDirectory(SPLOT_SOURCE_DIR), Types()).ok());
  Status valid = g.Validate();
  INFO(valid.ToString());
  REQUIRE(valid.ok());
  CHECK(g.entries().size() > 500);
  // Belarus and the five Central Asian states with their first-level regions.
  for (const char* key : {"country:by",
                          "country:uz",
                          "country:kz",
                          "country:tj",
                          "country:kg",
                          "country:tm",
                          "region:by-vitebsk",
                          "region:uz-karakalpakstan",
                          "region:uz-tashkent-city",
                          "region:kz-pavlodar",
                          "region:tj-sughd",
                          "region:kg-chuy",
                          "region:tm-lebap",
                          "city:uz-tashkent",
                          "ent:by-mtz",
                          "ent:by-belaz",
                          "uni:by-bntu",
                          "sci:by-nasb",
                          "fez:by-great-stone",
                          "gov:igc-by-uz"}) {
    INFO(key);
    CHECK(g.Find(key) != nullptr);
  }
  // Every entry has a Russian name in Cyrillic, except events and persons
  // where it may be absent, and an English name.
  for (const GazetteerEntry& e : g.entries()) {
    INFO(e.key);
    CHECK_FALSE(e.name_en.empty());
  }
}

TEST_CASE("each oblast of Belarus and each region of Uzbekistan is present", "[gazetteer]") {
  Gazetteer g;
  REQUIRE(g.AddDirectory(Gazetteer::DefaultDirectory(SPLOT_SOURCE_DIR), Types()).ok());
  std::map<std::string, int> regions;
  for (const GazetteerEntry& e : g.entries()) {
    if (e.label == "Region" && e.parent == e.country) regions[e.country]++;
  }
  CHECK(regions["country:by"] == 7);   // six oblasts and Minsk city
  CHECK(regions["country:uz"] == 14);  // twelve regions, Karakalpakstan, Tashkent city
  CHECK(regions["country:kz"] >= 17);
  CHECK(regions["country:tj"] >= 4);
  CHECK(regions["country:kg"] >= 7);
  CHECK(regions["country:tm"] >= 5);
}

TEST_CASE("a key defined twice names both places", "[gazetteer]") {
  Gazetteer g;
  REQUIRE(g.AddFile(Data("gazetteer_user.json"), Types()).ok());
  Status s = g.AddFile(Data("gazetteer_duplicate.json"), Types());
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("gazetteer_duplicate.json:4:"));
  CHECK_THAT(s.message(), Catch::Contains("field 'key'"));
  CHECK_THAT(s.message(), Catch::Contains("gazetteer_user.json:2"));
}

TEST_CASE("schema errors name the file, the line and the field", "[gazetteer]") {
  struct Case {
    const char* json;
    const char* where;
    const char* what;
  } cases[] = {
      {R"({"entries": [
  {"key": "city:xx-a", "label": "Town", "name": "A", "name_en": "A", "name_ru": "А", "country": "country:by"}]})",
       "g.json:2:", "field 'label'"},
      {R"({"entries": [
  {"key": "town:a", "label": "City", "name": "A", "name_en": "A", "name_ru": "А", "country": "country:by"}]})",
       "g.json:2:", "must look like 'city:"},
      {R"({"entries": [

  {"key": "city:by-a", "label": "City", "name": "A", "name_en": "A", "name_ru": "A", "country": "country:by"}]})",
       "g.json:3:", "not written in Cyrillic"},
      {R"({"entries": [
  {"key": "city:by-a", "label": "City", "name": "A", "name_en": "A", "name_ru": "А"}]})",
       "g.json:2:", "field 'country': missing"},
      {R"({"entries": [
  {"key": "city:by-a", "label": "City", "name": "A", "name_en": "A", "name_ru": "А",
   "country": "country:by", "aliases": ["B", 7]}]})",
       "g.json:3:", "field 'aliases'"},
      {R"({"entries": [
  {"key": "city:by-a", "label": "City", "name": "A", "name_en": "A", "name_ru": "А",
   "country": "country:by", "nmae": "typo"}]})",
       "g.json:3:", "field 'nmae': unknown field"},
      {R"({"entries": [
  {"key": "city:by-a", "label": "City", "name": "A", "name_en": "A", "name_ru": "А",
   "country": "country:by", "center": "city:by-b"}]})",
       "g.json:3:", "only a Region or a Country has a center"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    Gazetteer g;
    Status s = g.AddJson(c.json, "g.json", Types());
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.message(), Catch::Contains(c.where));
    CHECK_THAT(s.message(), Catch::Contains(c.what));
  }
}

TEST_CASE("references are checked once every file is in", "[gazetteer]") {
  Gazetteer g;
  REQUIRE(g.AddJson(R"({"entries": [
  {"key": "country:xx", "label": "Country", "name": "X", "name_en": "X", "name_ru": "Икс"},
  {"key": "city:xx-a", "label": "City", "name": "A", "name_en": "A", "name_ru": "А",
   "country": "country:xx", "parent": "region:xx-missing"}]})",
                    "refs.json", Types())
              .ok());
  Status s = g.Validate();
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("refs.json:3:"));
  CHECK_THAT(s.message(), Catch::Contains("field 'parent': unknown key 'region:xx-missing'"));

  Gazetteer loop;
  REQUIRE(loop.AddJson(R"({"entries": [
  {"key": "country:xx", "label": "Country", "name": "X", "name_en": "X", "name_ru": "Икс"},
  {"key": "region:xx-a", "label": "Region", "name": "A", "name_en": "A", "name_ru": "А",
   "country": "country:xx", "parent": "region:xx-b"},
  {"key": "region:xx-b", "label": "Region", "name": "B", "name_en": "B", "name_ru": "Б",
   "country": "country:xx", "parent": "region:xx-a"}]})",
                       "loop.json", Types())
              .ok());
  s = loop.Validate();
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("loops back"));

  Gazetteer not_country;
  REQUIRE(not_country
              .AddJson(R"({"entries": [
  {"key": "country:xx", "label": "Country", "name": "X", "name_en": "X", "name_ru": "Икс"},
  {"key": "city:xx-a", "label": "City", "name": "A", "name_en": "A", "name_ru": "А", "country": "country:xx"},
  {"key": "city:xx-b", "label": "City", "name": "B", "name_en": "B", "name_ru": "Б", "country": "city:xx-a"}]})",
                       "nc.json", Types())
              .ok());
  s = not_country.Validate();
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("nc.json:4:"));
  CHECK_THAT(s.message(), Catch::Contains("is not a Country"));
}

TEST_CASE("a user file adds entries to the built-in gazetteer", "[gazetteer]") {
  Gazetteer g;
  REQUIRE(g.AddDirectory(Gazetteer::DefaultDirectory(SPLOT_SOURCE_DIR), Types()).ok());
  size_t before = g.entries().size();
  REQUIRE(g.AddFile(Data("gazetteer_user.json"), Types()).ok());
  REQUIRE(g.Validate().ok());
  CHECK(g.entries().size() == before + 2);
  const GazetteerEntry* e = g.Find("ent:by-zorka-optics");
  REQUIRE(e != nullptr);
  CHECK(e->parent == "city:by-vitebsk");
  std::vector<std::string> names = e->AllNames();
  CHECK(names.front() == "Zorka Optyka");
  CHECK(std::find(names.begin(), names.end(), "Zorka Optics") != names.end());
}

}  // namespace
}  // namespace splot::ontology
