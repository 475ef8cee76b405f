// Result rendering: aligned tables by display width, JSON Lines, CSV.
#include "query/format.h"

#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <sstream>

#include "graph/store.h"
#include "query/engine.h"

using namespace splot;
using namespace splot::query;

namespace {

QueryResult Run(const std::string& setup, const std::string& query) {
  graph::StoreOptions o;
  o.in_memory = true;
  auto store = graph::GraphStore::Open("/format-test", o).value();
  auto engine = Engine::Create(*store).value();
  if (!setup.empty()) REQUIRE(engine->Execute(setup).ok());
  auto r = engine->Execute(query);
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("display width counts terminal columns", "[format]") {
  CHECK(DisplayWidth("Grodno") == 6);
  CHECK(DisplayWidth("Łódź") == 4);
  CHECK(DisplayWidth("Минск") == 5);
  CHECK(DisplayWidth("北京") == 4);
  CHECK(DisplayWidth("e\xCC\x81") == 1);  // e + combining acute
}

TEST_CASE("tables align Polish, Cyrillic and wide text and cut long cells", "[format]") {
  QueryResult r = Run("",
                      "UNWIND [['Łódź', 1], ['Минск', 22], ['北京', 333]] AS row RETURN row[0] AS "
                      "city, row[1] AS n");
  TableOptions opts;
  opts.summary = false;
  std::vector<std::string> lines = Lines(RenderTable(r, opts));
  REQUIRE(lines.size() == 7);
  for (const auto& l : lines) CHECK(DisplayWidth(l) == DisplayWidth(lines[0]));
  CHECK(lines[1] == "│ city  │ n   │");
  CHECK(lines[3] == "│ Łódź  │ 1   │");
  CHECK(lines[5] == "│ 北京  │ 333 │");

  QueryResult long_text = Run("", "RETURN 'Wolna Strefa Ekonomiczna Grodnoinwest' AS name");
  opts.max_cell_width = 12;
  std::vector<std::string> cut = Lines(RenderTable(long_text, opts));
  CHECK(cut[3] == "│ Wolna Stref… │");
}

TEST_CASE("the summary line gives rows, time and writes", "[format]") {
  QueryResult r = Run("", "CREATE (a:City {name: 'Grodno'}) RETURN a.name AS name");
  std::string table = RenderTable(r);
  std::string last = Lines(table).back();
  CHECK(last.rfind("1 row, ", 0) == 0);
  CHECK(last.find("1 nodes created") != std::string::npos);
  CHECK(last.find("1 labels added") != std::string::npos);
}

TEST_CASE("JSON Lines renders nodes, relationships and paths as objects", "[format]") {
  QueryResult r =
      Run("CREATE (:City {name: 'Grodno'})-[:LOCATED_IN {since: 1944}]->(:Region {name: 'obwód "
          "grodzieński'})",
          "MATCH p = (c:City)-[r]->(g) RETURN c, r, p, c.name AS name, 1.5 AS x, null AS nothing");
  std::vector<std::string> lines = Lines(RenderJsonLines(r));
  REQUIRE(lines.size() == 1);
  rapidjson::Document d;
  d.Parse(lines[0].c_str());
  REQUIRE_FALSE(d.HasParseError());
  CHECK(std::string(d["c"]["labels"][0].GetString()) == "City");
  CHECK(std::string(d["c"]["properties"]["name"].GetString()) == "Grodno");
  CHECK(std::string(d["r"]["type"].GetString()) == "LOCATED_IN");
  CHECK(d["r"]["properties"]["since"].GetInt() == 1944);
  CHECK(d["r"]["start"].GetUint64() == d["c"]["id"].GetUint64());
  CHECK(d["p"]["nodes"].Size() == 2);
  CHECK(d["p"]["relationships"].Size() == 1);
  CHECK(std::string(d["name"].GetString()) == "Grodno");
  CHECK(d["x"].GetDouble() == 1.5);
  CHECK(d["nothing"].IsNull());
}

TEST_CASE("CSV quotes only what needs quoting", "[format]") {
  QueryResult r = Run(
      "",
      "RETURN 'Grodno' AS a, 'ul. Ożeszki, 22' AS b, 'say \"hi\"' AS c, null AS d, [1, 2] AS e");
  CHECK(RenderCsv(r) ==
        "a,b,c,d,e\r\n"
        "Grodno,\"ul. Ożeszki, 22\",\"say \"\"hi\"\"\",,\"[1, 2]\"\r\n");
}
