// Runs the data-driven query cases in tests/query/cases/*.test.
//
// A .test file is a sequence of records separated by blank lines; each file
// runs on a fresh in-memory store, records in order:
//
//   # a comment line
//   statement ok                    a statement that must succeed
//   CREATE (:City {name: 'Mińsk'})
//
//   query [ordered]                 rows compared as a multiset, or in order
//   MATCH (c:City) RETURN c.name AS name
//   ----
//   name                            the header, then one row per line,
//   'Mińsk'                         values as Cypher literals joined by " | "
//
//   error SyntaxError UndefinedVariable     the statement must fail so
//   RETURN x                                (optional: "at L:C" position)
//
//   plan                            EXPLAIN output must contain each line
//   MATCH (c:City {name: $n}) RETURN c
//   ----
//   NodeByName
//
//   option collation binary | option param NAME VALUE | option timeout MS
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/store.h"
#include "query/engine.h"
#include "tests/test_support.h"

using namespace splot;

namespace {

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

struct Record {
  int line = 0;
  std::string kind;  // statement, query, error, plan, option
  std::vector<std::string> args;
  std::string text;
  std::vector<std::string> expected;
};

std::vector<Record> ReadRecords(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::vector<Record> out;
  std::vector<std::pair<int, std::string>> block;
  std::string line;
  int n = 0;
  auto flush = [&]() {
    if (block.empty()) return;
    Record r;
    r.line = block[0].first;
    std::istringstream head(block[0].second);
    head >> r.kind;
    std::string a;
    while (head >> a) r.args.push_back(a);
    bool after = false;
    for (size_t i = 1; i < block.size(); ++i) {
      if (block[i].second == "----") {
        after = true;
        continue;
      }
      if (after) {
        r.expected.push_back(block[i].second);
      } else {
        r.text += (r.text.empty() ? "" : "\n") + block[i].second;
      }
    }
    out.push_back(std::move(r));
    block.clear();
  };
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty()) {
      flush();
      continue;
    }
    if (line[0] == '#' && block.empty()) continue;
    block.emplace_back(n, line);
  }
  flush();
  return out;
}

std::string RowText(const std::vector<query::Value>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out += " | ";
    out += query::ToCypherLiteral(row[i]);
  }
  return out;
}

void RunFile(const std::filesystem::path& path) {
  graph::StoreOptions so;
  so.in_memory = true;
  auto store = graph::GraphStore::Open("/query-test", so).value();
  query::EngineOptions options;
  auto engine = query::Engine::Create(*store, options).value();
  query::ValueMap params;
  for (const auto& r : ReadRecords(path)) {
    INFO(path.filename().string() << ":" << r.line << "\n" << r.text);
    if (r.kind == "option") {
      REQUIRE(r.args.size() >= 2);
      if (r.args[0] == "collation") {
        options.collation = r.args[1];
      } else if (r.args[0] == "timeout") {
        options.timeout = std::chrono::milliseconds(std::stoll(r.args[1]));
      } else if (r.args[0] == "param") {
        REQUIRE(r.args.size() >= 3);
        std::string value;
        for (size_t i = 2; i < r.args.size(); ++i) value += (i > 2 ? " " : "") + r.args[i];
        params[r.args[1]] = query::ParseParameterValue(value);
        continue;
      } else {
        FAIL("unknown option " << r.args[0]);
      }
      REQUIRE(engine->SetOptions(options).ok());
      continue;
    }
    if (r.kind == "statement") {
      auto result = engine->Execute(r.text, params);
      INFO((result.ok() ? "" : result.status().ToString()));
      REQUIRE(result.ok());
      continue;
    }
    if (r.kind == "error") {
      REQUIRE(r.args.size() >= 2);
      query::QueryError err;
      query::RunOptions run;
      run.error = &err;
      auto result = engine->Run(r.text, params, run);
      REQUIRE_FALSE(result.ok());
      CHECK(err.type == r.args[0]);
      CHECK(err.detail == r.args[1]);
      if (r.args.size() >= 4 && r.args[2] == "at") {
        CHECK(std::to_string(err.pos.line) + ":" + std::to_string(err.pos.column) == r.args[3]);
      }
      continue;
    }
    if (r.kind == "plan") {
      auto result = engine->Execute("EXPLAIN " + r.text, params);
      INFO((result.ok() ? "" : result.status().ToString()));
      REQUIRE(result.ok());
      for (const auto& want : r.expected) {
        INFO(result->plan);
        CHECK(result->plan.find(want) != std::string::npos);
      }
      continue;
    }
    if (r.kind == "query") {
      auto result = engine->Execute(r.text, params);
      INFO((result.ok() ? "" : result.status().ToString()));
      REQUIRE(result.ok());
      REQUIRE_FALSE(r.expected.empty());
      std::string header;
      for (size_t i = 0; i < result->columns.size(); ++i) {
        header += (i ? " | " : "") + result->columns[i];
      }
      CHECK(header == r.expected[0]);
      std::vector<std::string> want(r.expected.begin() + 1, r.expected.end());
      std::vector<std::string> got;
      for (const auto& row : result->rows) got.push_back(RowText(row));
      bool ordered = !r.args.empty() && r.args[0] == "ordered";
      if (!ordered) {
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
      }
      CHECK(got == want);
      continue;
    }
    FAIL("unknown record kind '" << r.kind << "'");
  }
}

}  // namespace

TEST_CASE("data-driven query cases", "[query][cases]") {
  auto dir = std::filesystem::path(SPLOT_QUERY_CASES_DIR);
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  for (const auto& f : files) {
    DYNAMIC_SECTION(f.filename().string()) { RunFile(f); }
  }
}
