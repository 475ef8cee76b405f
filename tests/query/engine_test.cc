// The engine's public behaviour: limits, cancellation, atomic writes,
// streaming, EXPLAIN and PROFILE, procedures registered by the caller.
#include "query/engine.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "graph/store.h"
#include "query/context.h"
#include "tests/test_support.h"

using namespace splot;
using namespace splot::query;

namespace {

std::unique_ptr<graph::GraphStore> MemStore() {
  graph::StoreOptions o;
  o.in_memory = true;
  auto r = graph::GraphStore::Open("/engine-test", o);
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::unique_ptr<Engine> MakeEngine(graph::GraphStore& store, EngineOptions options = {}) {
  auto r = Engine::Create(store, options);
  REQUIRE(r.ok());
  return std::move(r).value();
}

int64_t Count(Engine& e, const std::string& query) {
  auto r = e.Execute(query);
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 1);
  return r->rows[0][0].as_int();
}

}  // namespace

TEST_CASE("a statement past its timeout stops with Timeout and writes nothing",
          "[engine][limits]") {
  auto store = MemStore();
  EngineOptions o;
  o.timeout = std::chrono::milliseconds(100);
  auto engine = MakeEngine(*store, o);
  auto start = std::chrono::steady_clock::now();
  auto r = engine->Execute("UNWIND range(1, 1000000000) AS x CREATE (:N {x: x})");
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kTimeout);
  CHECK(r.status().message().find("timeout") != std::string::npos);
  CHECK(took < std::chrono::seconds(10));
  CHECK(store->NodeCount() == 0);
  // A read past its deadline stops too.
  auto read =
      engine->Execute("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)");
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == Status::Code::kTimeout);
}

TEST_CASE("the row budget bounds the result", "[engine][limits]") {
  auto store = MemStore();
  EngineOptions o;
  o.max_rows = 10;
  auto engine = MakeEngine(*store, o);
  CHECK(engine->Execute("UNWIND range(1, 10) AS x RETURN x").ok());
  auto r = engine->Execute("UNWIND range(1, 11) AS x RETURN x");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kResourceExhausted);
  CHECK(r.status().message().find("row budget") != std::string::npos);
  // Rows counted inside the statement (aggregated away) do not count.
  CHECK(Count(*engine, "UNWIND range(1, 1000) AS x RETURN count(x)") == 1000);
}

TEST_CASE("the memory budget bounds sorting, aggregation and writes", "[engine][limits]") {
  auto store = MemStore();
  EngineOptions o;
  o.max_memory_bytes = 1 << 20;
  auto engine = MakeEngine(*store, o);
  auto sort = engine->Execute("UNWIND range(1, 200000) AS x RETURN x ORDER BY x DESC");
  REQUIRE_FALSE(sort.ok());
  CHECK(sort.status().code() == Status::Code::kResourceExhausted);
  auto collect = engine->Execute("UNWIND range(1, 200000) AS x RETURN collect(toString(x)) AS l");
  REQUIRE_FALSE(collect.ok());
  CHECK(collect.status().code() == Status::Code::kResourceExhausted);
  auto write = engine->Execute("UNWIND range(1, 100000) AS x CREATE (:N {x: x, s: 'padding'})");
  REQUIRE_FALSE(write.ok());
  CHECK(write.status().code() == Status::Code::kResourceExhausted);
  CHECK(store->NodeCount() == 0);
  // Streaming with LIMIT needs no memory for what it never reads.
  CHECK(Count(*engine, "UNWIND range(1, 100000000) AS x WITH x LIMIT 5 RETURN count(*)") == 5);
}

TEST_CASE("setting the cancel flag stops a running statement", "[engine][limits]") {
  auto store = MemStore();
  auto engine = MakeEngine(*store);
  std::atomic<bool> cancel{false};
  RunOptions run;
  run.cancel = &cancel;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  auto r = engine->Run("UNWIND range(1, 1000000000) AS x CREATE (:N)", {}, run);
  stopper.join();
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kCancelled);
  CHECK(store->NodeCount() == 0);
}

TEST_CASE("a failing statement leaves no partial writes", "[engine][atomic]") {
  auto store = MemStore();
  auto engine = MakeEngine(*store);
  REQUIRE(engine->Execute("CREATE (:City {name: 'Grodno'})").ok());
  QueryError err;
  RunOptions run;
  run.error = &err;
  auto r = engine->Run(
      "MATCH (c:City) SET c.name = 'Hrodna' CREATE (c)-[:LOCATED_IN]->(:Region) "
      "WITH c RETURN toInteger(c.name) + 1 / 0",
      {}, run);
  REQUIRE_FALSE(r.ok());
  CHECK(err.type == "ArithmeticError");
  CHECK_FALSE(err.compile_time);
  CHECK(store->NodeCount() == 1);
  CHECK(store->EdgeCount() == 0);
  auto name = engine->Execute("MATCH (c:City) RETURN c.name");
  REQUIRE(name.ok());
  CHECK(name->rows[0][0].as_string() == "Grodno");
}

TEST_CASE("write statistics report what a statement changed", "[engine]") {
  auto store = MemStore();
  auto engine = MakeEngine(*store);
  auto r = engine->Execute(
      "CREATE (a:City:Capital {name: 'Mińsk'})-[:LOCATED_IN {since: 1991}]->(:Country)");
  REQUIRE(r.ok());
  CHECK(r->updated);
  CHECK(r->stats.nodes_created == 2);
  CHECK(r->stats.edges_created == 1);
  CHECK(r->stats.labels_added == 3);
  CHECK(r->stats.properties_set == 2);
  auto read = engine->Execute("MATCH (n) RETURN n");
  REQUIRE(read.ok());
  CHECK_FALSE(read->updated);
  CHECK(read->stats.nodes_created == 0);
}

TEST_CASE("rows stream to a callback, which can stop the statement", "[engine]") {
  auto store = MemStore();
  auto engine = MakeEngine(*store);
  std::vector<int64_t> seen;
  RunOptions run;
  run.on_row = [&](const std::vector<std::string>& columns, const std::vector<Value>& row) {
    CHECK(columns == std::vector<std::string>{"x"});
    seen.push_back(row[0].as_int());
    return seen.size() < 3;
  };
  auto r = engine->Run("UNWIND range(1, 1000000000) AS x RETURN x", {}, run);
  REQUIRE(r.ok());
  CHECK(seen == std::vector<int64_t>{1, 2, 3});
  CHECK(r->rows.empty());
  // A statement that writes streams its rows only once it has committed.
  seen.clear();
  run.on_row = [&](const std::vector<std::string>&, const std::vector<Value>& row) {
    CHECK(store->NodeCount() == 2);
    seen.push_back(row[0].as_int());
    return true;
  };
  REQUIRE(engine->Run("UNWIND [1, 2] AS x CREATE (n:N {x: x}) RETURN n.x", {}, run).ok());
  CHECK(seen.size() == 2);
}

TEST_CASE("EXPLAIN shows the plan without running it; PROFILE counts rows per operator",
          "[engine]") {
  auto store = MemStore();
  auto engine = MakeEngine(*store);
  REQUIRE(engine->Execute("UNWIND range(1, 5) AS i CREATE (:City {name: 'c' + toString(i)})").ok());
  auto explain =
      engine->Execute("EXPLAIN MATCH (c:City {name: 'c3'}) CREATE (c)-[:X]->(:Y) RETURN c");
  REQUIRE(explain.ok());
  CHECK(explain->kind == StatementKind::kExplain);
  CHECK(explain->plan.find("NodeByName") != std::string::npos);
  CHECK(explain->plan.find("Create") != std::string::npos);
  CHECK(explain->rows.empty());
  CHECK(store->NodeCount() == 5);  // nothing ran
  auto profile = engine->Execute("PROFILE MATCH (c:City) WHERE c.name > 'c2' RETURN c.name");
  REQUIRE(profile.ok());
  CHECK(profile->kind == StatementKind::kProfile);
  CHECK(profile->rows.size() == 3);
  CHECK(profile->plan.find("NodeByLabelScan (c:City) label City  [rows=5") != std::string::npos);
  CHECK(profile->plan.find("Filter c.name > 'c2'  [rows=3") != std::string::npos);
}

TEST_CASE("callers can register procedures", "[engine][procedures]") {
  auto store = MemStore();
  auto engine = MakeEngine(*store);
  ProcedureDef def;
  def.name = "demo.repeat";
  def.inputs = {{"text", SType::kString, false}, {"times", SType::kInt, false}};
  def.required_inputs = 2;
  def.outputs = {{"line", SType::kString, false}};
  def.run = [](ExecContext&, const std::vector<Value>& args, const ProcedureEmit& emit) {
    for (int64_t i = 0; i < args[1].as_int(); ++i) {
      if (!emit({Value(args[0].as_string() + std::to_string(i))})) return;
    }
  };
  engine->procedures().Register(std::move(def));
  auto r = engine->Execute("CALL demo.repeat('x', 3) YIELD line RETURN collect(line) AS lines");
  REQUIRE(r.ok());
  CHECK(ToCypherLiteral(r->rows[0][0]) == "['x0', 'x1', 'x2']");
  QueryError err;
  RunOptions run;
  run.error = &err;
  CHECK_FALSE(engine->Run("CALL demo.repeat('x')", {}, run).ok());
  CHECK(err.detail == "InvalidNumberOfArguments");
}

TEST_CASE("an unknown collation is refused", "[engine][collation]") {
  auto store = MemStore();
  EngineOptions o;
  o.collation = "xx-nonsense";
  CHECK_FALSE(Engine::Create(*store, o).ok());
  o.collation = "ru";
  CHECK(Engine::Create(*store, o).ok());
}

TEST_CASE("a read sees a snapshot: writes committed meanwhile are not visible", "[engine]") {
  auto store = MemStore();
  auto engine = MakeEngine(*store);
  REQUIRE(engine->Execute("UNWIND range(1, 3) AS i CREATE (:N {i: i})").ok());
  int64_t rows = 0;
  RunOptions run;
  run.on_row = [&](const std::vector<std::string>&, const std::vector<Value>&) {
    if (rows++ == 0) {
      auto other = MakeEngine(*store);
      REQUIRE(other->Execute("CREATE (:N {i: 99})").ok());
    }
    return true;
  };
  REQUIRE(engine->Run("MATCH (n:N) RETURN n.i", {}, run).ok());
  CHECK(rows == 3);
  CHECK(Count(*engine, "MATCH (n:N) RETURN count(n)") == 4);
}
