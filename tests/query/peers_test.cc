// The peer workload's answers, computed through the query language, must
// equal the checksums of ../shared/peers at N=10k (Kùzu and NetworkX agree
// on them).  Needs ../shared and python3; SKIPs without them.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "graph/csv_import.h"
#include "graph/store.h"
#include "query/engine.h"
#include "tests/test_support.h"

using namespace splot;
using namespace splot::query;

namespace {

struct Workload {
  testing::TempDir dir;
  std::unique_ptr<graph::GraphStore> store;
  std::unique_ptr<Engine> engine;
  rapidjson::Document queries;
};

// Generates the N=10k workload and loads it; nullptr (after SKIP) when the
// generator is not available.
std::unique_ptr<Workload> Load() {
  auto shared = testing::SharedDir();
  if (!shared || !std::filesystem::exists(*shared / "peers" / "gen.py")) return nullptr;
  auto w = std::make_unique<Workload>();
  std::string data = (w->dir.path() / "data").string();
  std::string cmd = "python3 '" + (*shared / "peers" / "gen.py").string() + "' --n 10000 --out '" +
                    data + "' > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return nullptr;
  auto store = graph::GraphStore::Open((w->dir.path() / "db").string());
  REQUIRE(store.ok());
  w->store = std::move(store).value();
  auto report = graph::ImportCsv(*w->store, {data + "/nodes.csv"}, {data + "/edges.csv"});
  REQUIRE(report.ok());
  w->engine = Engine::Create(*w->store).value();
  w->queries.Parse(testing::ReadFile(data + "/queries.json").c_str());
  REQUIRE_FALSE(w->queries.HasParseError());
  return w;
}

Value Key(const rapidjson::Value& v) { return Value(std::to_string(v.GetInt64())); }

int64_t Single(Engine& e, const char* query, const ValueMap& params) {
  auto r = e.Execute(query, params);
  INFO((r.ok() ? "" : r.status().ToString()));
  REQUIRE(r.ok());
  if (r->rows.empty()) return 0;
  return r->rows[0][0].as_int();
}

}  // namespace

TEST_CASE("peer workload checksums at N=10k through Cypher", "[peers][paths]") {
  auto w = Load();
  if (!w) {
    WARN("SKIP: ../shared/peers/gen.py or python3 is not available");
    return;
  }
  Engine& e = *w->engine;
  const auto& q = w->queries;
  REQUIRE(w->store->NodeCount() == 10000);
  REQUIRE(w->store->EdgeCount() == 100000);

  int64_t hop1 = 0, hop2 = 0, sp = 0, trails = 0;
  for (const auto& id : q["expand_ids"].GetArray()) {
    hop1 +=
        Single(e, "MATCH (a)--(b) WHERE key(a) = $id RETURN count(DISTINCT b)", {{"id", Key(id)}});
    hop2 += Single(e, "MATCH (a)--()--(c) WHERE key(a) = $id AND c <> a RETURN count(DISTINCT c)",
                   {{"id", Key(id)}});
  }
  for (const auto& pair : q["sp_pairs"].GetArray()) {
    if (pair[0].GetInt64() == pair[1].GetInt64()) continue;
    sp += Single(e,
                 "MATCH p = shortestPath((a)-[*..30]-(b)) WHERE key(a) = $s AND key(b) = $t "
                 "RETURN length(p)",
                 {{"s", Key(pair[0])}, {"t", Key(pair[1])}});
  }
  for (const auto& id : q["varlen_ids"].GetArray()) {
    trails +=
        Single(e, "MATCH (a)-[*1..3]-(b) WHERE key(a) = $id RETURN count(*)", {{"id", Key(id)}});
  }
  CHECK(hop1 == 1985);
  CHECK(hop2 == 45124);
  CHECK(sp == 326);
  CHECK(trails == 147580);
}

TEST_CASE("allShortestPaths agrees with shortestPath and with the snapshot algorithm",
          "[peers][paths]") {
  auto w = Load();
  if (!w) {
    WARN("SKIP: ../shared/peers/gen.py or python3 is not available");
    return;
  }
  Engine& e = *w->engine;
  int checked = 0;
  for (const auto& pair : w->queries["sp_pairs"].GetArray()) {
    if (pair[0].GetInt64() == pair[1].GetInt64()) continue;
    if (++checked > 15) break;
    ValueMap params{{"s", Key(pair[0])}, {"t", Key(pair[1])}};
    int64_t len = Single(e,
                         "MATCH p = shortestPath((a)-[*]-(b)) WHERE key(a) = $s AND key(b) = $t "
                         "RETURN length(p)",
                         params);
    auto all = e.Execute(
        "MATCH p = allShortestPaths((a)-[*]-(b)) WHERE key(a) = $s AND key(b) = $t "
        "RETURN length(p) AS len, [r IN relationships(p) | id(r)] AS ids",
        params);
    REQUIRE(all.ok());
    REQUIRE_FALSE(all->rows.empty());
    std::set<std::string> distinct;
    for (const auto& row : all->rows) {
      CHECK(row[0].as_int() == len);
      distinct.insert(ToCypherLiteral(row[1]));
    }
    CHECK(distinct.size() == all->rows.size());
    int64_t snapshot = Single(e,
                              "MATCH (a), (b) WHERE key(a) = $s AND key(b) = $t "
                              "CALL algo.allShortestPaths(a, b, {limit: 100000}) YIELD path "
                              "RETURN count(path)",
                              params);
    CHECK(snapshot == static_cast<int64_t>(all->rows.size()));
  }
  CHECK(checked > 10);
}
