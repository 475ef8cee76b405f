#include "ingest/expressions.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "tests/test_support.h"

using namespace splot;
using namespace splot::ingest;

namespace {

struct Fixture {
  NameFolder folder;
  ExpressionRules rules;
  std::unique_ptr<ExpressionFinder> finder;
  Fixture() {
    auto r = ExpressionRules::Load(SPLOT_EXPRESSIONS_DIR, folder);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    rules = std::move(r).value();
    finder = std::make_unique<ExpressionFinder>(rules, folder);
  }
};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(' ');
  size_t e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(Trim(s.substr(start, at == std::string::npos ? std::string::npos : at - start)));
    if (at == std::string::npos) break;
    start = at + sep.size();
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? " | " : "") + parts[i];
  return out;
}

std::string FormatAmount(const AmountMention& a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", a.value);
  std::string out = std::string(buf) + " " + (a.currency.empty() ? a.unit : a.currency);
  if (!a.qualifier.empty()) out += " " + a.qualifier;
  return out;
}

}  // namespace

TEST_CASE("expression cases from expressions.test", "[expressions]") {
  Fixture f;
  std::ifstream in(std::string(SPLOT_RELATIONS_TEST_DIR) + "/expressions.test");
  REQUIRE(in);
  std::string line;
  int line_no = 0, cases = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    size_t colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    std::string kind = line.substr(0, colon);
    std::vector<std::string> parts = Split(line.substr(colon + 1), "=>");
    INFO("expressions.test:" << line_no << ": " << line);
    ++cases;
    const std::string& sentence = parts[0];
    if (kind == "date" || kind == "none-date") {
      DateContext ctx;
      std::vector<std::string> got;
      for (const auto& m : f.finder->FindDates(sentence)) {
        auto v = ctx.Resolve(m);
        got.push_back(v ? v->ToString() : "?");
      }
      CHECK(Join(got) == (kind == "date" ? parts.at(1) : ""));
    } else if (kind == "amount" || kind == "none-amount") {
      std::vector<std::string> got;
      for (const auto& a : f.finder->FindAmounts(sentence)) got.push_back(FormatAmount(a));
      CHECK(Join(got) == (kind == "amount" ? parts.at(1) : ""));
    } else if (kind == "status") {
      size_t at = sentence.find(parts.at(1));
      REQUIRE(at != std::string::npos);
      StatusCue cue = f.finder->ClassifyStatus(sentence, at, at + parts[1].size());
      std::string got = FactStatusName(cue.status);
      if (!cue.cue.empty()) got += " " + cue.cue;
      CHECK(got == parts.at(2));
    } else {
      FAIL("unknown case kind '" << kind << "'");
    }
  }
  CHECK(cases >= 30);
}

TEST_CASE("date spans cover the words that state them", "[expressions]") {
  Fixture f;
  std::string s = "Kontrakt zawarto 12 grudnia 2023 r. w Samarkandzie.";
  auto dates = f.finder->FindDates(s);
  REQUIRE(dates.size() == 1);
  CHECK(s.substr(dates[0].begin, dates[0].end - dates[0].begin) == "12 grudnia 2023 r.");
  std::string a = "Inwestycja za ponad 3 mln USD ruszyła.";
  auto amounts = f.finder->FindAmounts(a);
  REQUIRE(amounts.size() == 1);
  CHECK(a.substr(amounts[0].begin, amounts[0].end - amounts[0].begin) == "ponad 3 mln USD");
}

TEST_CASE("a relative date with nothing before it stays unresolved", "[expressions]") {
  Fixture f;
  DateContext ctx;
  auto dates = f.finder->FindDates("Rok później otwarto fabrykę.");
  REQUIRE(dates.size() == 1);
  CHECK(dates[0].relative);
  CHECK(!ctx.Resolve(dates[0]).has_value());
  ctx.Resolve(f.finder->FindDates("W 2010 r. zaczęto.")[0]);
  CHECK(ctx.Resolve(dates[0])->ToString() == "2011");
  ctx.Reset();
  CHECK(!ctx.Resolve(dates[0]).has_value());
}

TEST_CASE("a broken expressions file names the file, line and field", "[expressions]") {
  testing::TempDir dir;
  NameFolder folder;
  for (const char* name : {"dates.json", "amounts.json", "status.json"}) {
    testing::WriteFile(dir.path() / name,
                       testing::ReadFile(std::string(SPLOT_EXPRESSIONS_DIR) + "/" + name));
  }
  testing::WriteFile(dir.path() / "amounts.json",
                     "{\n  \"number_words\": {\"dwa\": 2},\n  \"multipliers\": [1,\n");
  auto r = ExpressionRules::Load(dir.path(), folder);
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("amounts.json:4:") != std::string::npos);

  testing::WriteFile(
      dir.path() / "amounts.json",
      "{\n  \"number_words\": {\"dwa\": 2},\n  \"multipliers\": {\"mln\": \"dużo\"}\n}\n");
  r = ExpressionRules::Load(dir.path(), folder);
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("amounts.json:3: field 'mln': expected a number") !=
        std::string::npos);
}
