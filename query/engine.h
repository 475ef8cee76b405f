// Engine: the query language's public entry point.
//
//   SPLOT_ASSIGN_OR_RETURN(auto engine, query::Engine::Create(*store, {}));
//   SPLOT_ASSIGN_OR_RETURN(auto result,
//       engine->Execute("MATCH (c:City {name: $n}) RETURN c.name", {{"n", "Mińsk"}}));
//   std::cout << query::RenderTable(result);
//
// A statement runs in one transaction: a read snapshot, or, when it writes,
// one write transaction committed only if the whole statement succeeds.  A
// statement that fails, times out, exceeds a budget or is cancelled leaves
// the store unchanged.
#ifndef SPLOT_QUERY_ENGINE_H_
#define SPLOT_QUERY_ENGINE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "graph/store.h"
#include "query/errors.h"
#include "query/procedures.h"
#include "query/value.h"

namespace splot::query {

class Collation;

struct EngineOptions {
  // Wall-clock limit of one statement (the CLI's --timeout); 0 = none.
  std::chrono::milliseconds timeout{30000};
  // Most result rows a statement may produce; 0 = unlimited.
  uint64_t max_rows = 10'000'000;
  // Most bytes of materialised state (sorts, aggregation, buffered writes,
  // buffered results); 0 = unlimited.
  size_t max_memory_bytes = size_t{2} << 30;
  // ICU locale for string ordering (the CLI's --collation): "pl", "ru",
  // "en", "root", or "binary" for code-point order.
  std::string collation = "pl";
};

enum class StatementKind : uint8_t { kQuery, kExplain, kProfile };

struct QueryResult {
  std::vector<std::string> columns;
  // Rows, with nodes, relationships and paths carrying their data.  Empty
  // when the rows were streamed to a callback.
  std::vector<std::vector<Value>> rows;
  uint64_t row_count = 0;
  graph::WriteStats stats;  // what the statement changed (zero for reads)
  bool updated = false;     // the statement wrote (and committed)
  std::chrono::microseconds elapsed{0};
  StatementKind kind = StatementKind::kQuery;
  std::string plan;  // EXPLAIN / PROFILE: the operator tree
};

// Per-call settings of Engine::Run.
struct RunOptions {
  // Receives rows as they are produced instead of collecting them in
  // QueryResult::rows; returns false to stop early.  Rows of a statement
  // that writes are delivered after it commits.
  std::function<bool(const std::vector<std::string>& columns, const std::vector<Value>& row)>
      on_row;
  // Checked while the statement runs; setting it (e.g. on Ctrl-C) stops the
  // statement with a Cancelled error.
  const std::atomic<bool>* cancel = nullptr;
  // Filled with the structured error (openCypher type and detail, phase,
  // position) when the statement fails.
  QueryError* error = nullptr;
};

class Engine {
 public:
  // Builds an engine over `store`, which must outlive it.
  // Errors: InvalidArgument for an unknown collation locale.
  static Result<std::unique_ptr<Engine>> Create(graph::GraphStore& store,
                                                EngineOptions options = {});
  ~Engine();

  // Runs one statement and collects its rows.
  Result<QueryResult> Execute(std::string_view text, const ValueMap& params = {});

  // Runs one statement with streaming, cancellation and error details.
  Result<QueryResult> Run(std::string_view text, const ValueMap& params, const RunOptions& run);

  const EngineOptions& options() const { return options_; }
  // Replaces the options (between statements).  Errors as for Create.
  Status SetOptions(EngineOptions options);

  // The procedures CALL can reach; add your own with Register.
  ProcedureRegistry& procedures() { return *procedures_; }
  graph::GraphStore& store() { return store_; }

 private:
  Engine(graph::GraphStore& store, EngineOptions options);

  graph::GraphStore& store_;
  EngineOptions options_;
  std::shared_ptr<const Collation> collation_;
  std::shared_ptr<ProcedureRegistry> procedures_;
};

// Whether `text` would write to the store (an updating clause outside
// EXPLAIN), so that a caller can open the store for writing only when it
// must.  Errors: the statement's syntax and semantic errors, as Run reports
// them.
Result<bool> StatementWrites(std::string_view text, const ValueMap& params = {});

// Parses a parameter value given on the command line (`--param k=v`): a
// Cypher literal (number, string in quotes, boolean, null, list or map)
// when `text` is one, otherwise the text itself as a string.
Value ParseParameterValue(std::string_view text);

}  // namespace splot::query

#endif  // SPLOT_QUERY_ENGINE_H_
