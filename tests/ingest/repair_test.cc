#include "ingest/repair.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "tests/ingest/test_rules.h"
#include "tests/test_support.h"

namespace splot::ingest {
namespace {

TEST_CASE("Repair cases from repair_cases.tsv", "[repair]") {
  const auto rules = testing::DefaultRules();
  TextRepairer repairer(rules->repair);
  std::ifstream in(testing::TestDataDir() / "ingest" / "repair_cases.tsv");
  REQUIRE(in);
  std::string row;
  int cases = 0;
  while (std::getline(in, row)) {
    if (row.empty() || row[0] == '#') continue;
    const size_t tab = row.find('\t');
    REQUIRE(tab != std::string::npos);
    std::string line = row.substr(0, tab);
    const std::string expected = row.substr(tab + 1);
    RepairCounts counts;
    repairer.Repair(&line, &counts);
    INFO("input: " << row.substr(0, tab));
    CHECK(line == expected);
    ++cases;
  }
  CHECK(cases >= 20);
}

TEST_CASE("Repair counts what it replaced and brings text to NFC", "[repair]") {
  const auto rules = testing::DefaultRules();
  TextRepairer repairer(rules->repair);
  std::string line = "W MiĔsku siĊ dzieje, Μ. Nowak";
  RepairCounts counts;
  repairer.Repair(&line, &counts);
  CHECK(counts.letters == 2);
  CHECK(counts.lookalikes == 1);

  // "ó" written as o + combining acute becomes one code point.
  std::string decomposed =
      "Lo\xCC\x81"
      "dz\xCC\x81";
  RepairCounts nfc;
  CHECK_FALSE(repairer.Repair(&decomposed, &nfc));
  CHECK(decomposed == "Lódź");
  CHECK(nfc.nfc_lines == 1);
}

}  // namespace
}  // namespace splot::ingest
