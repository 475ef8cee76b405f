// The query parser and semantic pass on arbitrary text: a statement is
// accepted or refused with a located error, never a crash or a hang; and an
// accepted read-only statement runs on a small graph within its budgets.
#include <cstdint>
#include <memory>
#include <string>

#include "graph/store.h"
#include "query/engine.h"

using namespace splot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<graph::GraphStore> store = [] {
    graph::StoreOptions o;
    o.in_memory = true;
    auto s = graph::GraphStore::Open("/fuzz/query", o);
    if (!s.ok()) __builtin_trap();
    return std::move(s).value();
  }();
  static std::unique_ptr<query::Engine> engine = [] {
    query::EngineOptions o;
    o.timeout = std::chrono::milliseconds(200);
    o.max_rows = 10000;
    o.max_memory_bytes = size_t{64} << 20;
    auto e = query::Engine::Create(*store, o);
    if (!e.ok()) __builtin_trap();
    (*e)->Execute(
        "CREATE (a:City {name: 'Mińsk'})-[:LOCATED_IN {line: 1}]->(b:Country {name: 'Białoruś'}), "
        "(c:City {name: 'Grodno'})-[:LOCATED_IN]->(b), (a)-[:TWINNED_WITH]->(c)");
    return std::move(e).value();
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  auto writes = query::StatementWrites(text);
  if (!writes.ok()) {
    if (writes.status().message().empty()) __builtin_trap();  // every refusal says why
    return 0;
  }
  if (!*writes) {
    auto result = engine->Execute(text);
    if (!result.ok() && result.status().message().empty()) __builtin_trap();
  }
  return 0;
}
